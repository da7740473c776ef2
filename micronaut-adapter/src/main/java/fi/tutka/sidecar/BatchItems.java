package fi.tutka.sidecar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a JSON array into the text of its items without reading them, so that each item is read on its own by the
 * engine's strict decision reader: an item that is not valid JSON, or holds a name twice, is that item's error, not
 * the whole batch's. Only the array's own structure (brackets, strings, commas) is checked here.
 */
final class BatchItems {
    private BatchItems() {
    }

    /** The items' texts, or empty when the body is not a JSON array. */
    static Optional<List<String>> split(String body) {
        int i = skipSpace(body, 0);
        if (i >= body.length() || body.charAt(i) != '[') {
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        i = skipSpace(body, i + 1);
        if (i < body.length() && body.charAt(i) == ']') {
            return skipSpace(body, i + 1) == body.length() ? Optional.of(items) : Optional.empty();
        }
        while (true) {
            int start = i;
            int depth = 0;
            boolean inString = false;
            for (; i < body.length(); i++) {
                char c = body.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
            }
            if (i >= body.length() || inString) {
                return Optional.empty();
            }
            String item = body.substring(start, i).strip();
            if (item.isEmpty()) {
                return Optional.empty();
            }
            items.add(item);
            char end = body.charAt(i);
            if (end == ']') {
                return skipSpace(body, i + 1) == body.length() ? Optional.of(items) : Optional.empty();
            }
            if (end != ',') {
                return Optional.empty();
            }
            i = skipSpace(body, i + 1);
        }
    }

    /** The index of the first character at or after {@code i} that is not JSON whitespace. */
    private static int skipSpace(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n'
                || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }
}
