package fi.tutka.sidecar;

import fi.tutka.api.FieldError;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * An error answer, RFC 9457 {@code application/problem+json}, written with the engine's codec (fixed property order,
 * nulls left out).
 *
 * @param type   a URI naming the kind of problem: {@code urn:tutka:problem:invalid-decision}
 * @param title  the kind of problem in words, the same for every problem of the type
 * @param status the HTTP status
 * @param detail what went wrong this time, and what to do; never an identity code, class name or stack trace
 * @param errors the offending fields by JSON pointer, for a bad decision or request body; null otherwise
 * @param ruleErrors each error of rules that did not load ({@code file:line:column: message}), for a failed reload;
 *                   null otherwise
 */
public record Problem(String type, String title, int status, String detail, @Nullable List<FieldError> errors,
        @Nullable List<String> ruleErrors) {

    Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, null);
    }
}
