package fi.tutka.cli;

import fi.tutka.api.FieldError;
import java.util.List;

/**
 * One rejected line of a decisions file, as written to the rejects file: its number and reasons, never its content.
 *
 * @param line   the line number, from 1
 * @param errors every offending field
 */
public record Rejection(long line, List<FieldError> errors) {
}
