package fi.tutka.cli;

import fi.tutka.api.FieldError;
import java.util.List;

/**
 * One line of a decisions file that was not evaluated, as written to the rejects file: its number and why, never its
 * content. A rejected line names its offending fields ({@code {"line":2,"errors":[...]}}); a decision whose rules
 * failed names the failure ({@code {"line":7,"failure":"RULE_EVALUATION: rule 'X' (tags.drl) failed: ..."}}).
 *
 * @param line    the line number, from 1
 * @param errors  every offending field; null for a decision whose rules failed
 * @param failure the engine's message when the decision's rules failed; null for a rejected line
 */
public record Rejection(long line, List<FieldError> errors, String failure) {

    /** A rejected line. */
    public Rejection(long line, List<FieldError> errors) {
        this(line, errors, null);
    }

    /** A decision whose rules failed. */
    public static Rejection failed(long line, String failure) {
        return new Rejection(line, null, failure);
    }
}
