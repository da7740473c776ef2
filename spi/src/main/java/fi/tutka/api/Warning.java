package fi.tutka.api;

/**
 * A semantic gap in an accepted decision, for example an unknown local service code.
 *
 * @param code    stable, machine-readable code ({@code unknown_service_code})
 * @param field   JSON pointer of the field concerned, or empty
 * @param message a sentence a person understands
 */
public record Warning(String code, String field, String message) {
}
