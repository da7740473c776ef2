package fi.tutka.api;

import java.util.List;

/** The one exception type Tutka throws; {@link #code()} tells what kind of failure it is. */
public final class TutkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<FieldError> fieldErrors;

    public TutkaException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public TutkaException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public TutkaException(ErrorCode code, String message, List<FieldError> fieldErrors, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** Rejects a decision, naming every offending field. */
    public static TutkaException invalidDecision(List<FieldError> errors) {
        StringBuilder message = new StringBuilder("decision rejected: ");
        for (int i = 0; i < errors.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        return new TutkaException(ErrorCode.INVALID_DECISION, message.toString(), errors, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The offending fields, for {@link ErrorCode#INVALID_DECISION}; empty otherwise. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
