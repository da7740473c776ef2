package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.Redact;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.Locale;

/** The sidecar's error answers, one per kind of failure. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    static final MediaType PROBLEM_JSON = MediaType.of(MEDIA_TYPE);
    private static final String TYPE = "urn:tutka:problem:";

    private Problems() {
    }

    /** A decision (or request body) that is structurally wrong: every offending field by JSON pointer. */
    static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem(TYPE + "invalid-decision", "Invalid decision", 400, detail, List.copyOf(errors));
    }

    /** A request body other than a decision that is wrong: every offending field by JSON pointer. */
    static Problem invalidRequest(String detail, List<FieldError> errors) {
        return new Problem(TYPE + "invalid-request", "Invalid request", 400, detail, List.copyOf(errors));
    }

    /** Any other problem of a request, or of the service, without field errors. */
    static Problem of(HttpStatus status, String kind, String title, String detail) {
        return new Problem(TYPE + kind, title, status.getCode(), detail, null);
    }

    /**
     * The answer to an engine failure: 400 for a bad decision, 503 when the records or the ledger could not be
     * written (the decision was not evaluated: retry), 500 for the rest. The detail says what happened in the words
     * of the error code, not the engine's message, which names files and settings for the log.
     */
    static Problem of(TutkaException e) {
        return switch (e.code()) {
            case INVALID_DECISION -> invalid(detail(e.fieldErrors()), e.fieldErrors());
            case SINK_FAILURE -> of(HttpStatus.SERVICE_UNAVAILABLE, "sink-failure", "Records not durable",
                    "the records could not be made durable, so the decision was not evaluated: retry it later");
            case LEDGER_FAILURE -> of(HttpStatus.SERVICE_UNAVAILABLE, "ledger-failure", "Allocation ledger unavailable",
                    "the trial allocation ledger could not be read or written, so the decision was not evaluated: "
                            + "retry it later");
            default -> of(HttpStatus.INTERNAL_SERVER_ERROR, kind(e.code()), title(e.code()), detail(e.code()));
        };
    }

    /** A reload whose rules did not load: 422 with each error; the rules in use stay. */
    static Problem rulesNotLoaded(ErrorCode code, List<String> errors) {
        boolean compile = code == ErrorCode.RULES_COMPILE;
        String count = errors.size() == 1 ? "1 error" : errors.size() + " errors";
        return new Problem(TYPE + (compile ? "rules-compile" : "rules-unreadable"),
                compile ? "Rules do not compile" : "Rules not readable", 422,
                "the rules did not load (" + count + "), so the rules in use stay: fix the files and reload again",
                null, List.copyOf(errors));
    }

    /** {@code 2 fields of the decision are wrong}, or, when the body as a whole is, what it is not. */
    private static String detail(List<FieldError> errors) {
        if (errors.size() == 1 && errors.get(0).pointer().isEmpty()) {
            return "the body is not a decision (" + errors.get(0).message() + "): send one decision as a JSON object";
        }
        return fieldCount(errors.size());
    }

    static String fieldCount(int count) {
        return count == 1 ? "1 field of the decision is wrong" : count + " fields of the decision are wrong";
    }

    private static String kind(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String title(ErrorCode code) {
        return switch (code) {
            case CONFIGURATION -> "Configuration error";
            case PROVIDER_MISSING -> "Provider missing";
            case RULES_COMPILE -> "Rules do not compile";
            case RULE_EVALUATION -> "Rule failed";
            case KEY_UNAVAILABLE -> "Key unavailable";
            case IO -> "File error";
            default -> "Internal error";
        };
    }

    private static String detail(ErrorCode code) {
        return switch (code) {
            case RULE_EVALUATION -> "a rule failed on this decision, so it was not evaluated; the service's log "
                    + "names the rule";
            case KEY_UNAVAILABLE -> "a pseudonymisation or trial key is missing or unreadable, so the decision was "
                    + "not evaluated; the service's log names the key";
            case IO -> "a file could not be read or written; the service's log names it";
            default -> "the service failed (" + code + "); its log says why";
        };
    }

    /** The problem as the response, {@code application/problem+json}. */
    static MutableHttpResponse<String> response(Problem problem) {
        return HttpResponse.<String>status(HttpStatus.valueOf(problem.status())).contentType(PROBLEM_JSON)
                .body(TutkaJson.write(problem));
    }

    /** Text fit for a log line or an answer: identity-code shapes masked, even glued to letters. */
    static String safe(String text) {
        return text == null ? "" : Redact.identityCodesAnywhere(text);
    }
}
