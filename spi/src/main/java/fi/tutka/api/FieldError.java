package fi.tutka.api;

/**
 * One reason a decision was rejected.
 *
 * @param pointer JSON pointer (RFC 6901) of the offending field, {@code /client/municipality}
 * @param message why the value is wrong; never repeats an identity code
 */
public record FieldError(String pointer, String message) {
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(whole decision)" : pointer) + ": " + message;
    }
}
