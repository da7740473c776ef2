package fi.tutka.delivery;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Turns a record's JSON into the cells of one CSV file, column by column as the codebook's {@code source} pointers
 * say. Missing values and nulls give an empty cell; numbers are written in plain notation; arrays are joined with
 * {@code ;}. A value of the wrong kind for its column throws {@link IllegalArgumentException} naming the column and
 * the pointer, never the value.
 */
final class Cells {
    private final List<Codebook.Column> columns;
    private final List<Pointer> pointers;

    Cells(List<Codebook.Column> columns) {
        this.columns = List.copyOf(columns);
        List<Pointer> parsed = new ArrayList<>(columns.size());
        for (Codebook.Column column : columns) {
            parsed.add(Pointer.parse(column.source()));
        }
        this.pointers = List.copyOf(parsed);
    }

    /** The columns, in order. */
    List<Codebook.Column> columns() {
        return columns;
    }

    /** The header row. */
    List<String> header() {
        List<String> names = new ArrayList<>(columns.size());
        for (Codebook.Column column : columns) {
            names.add(column.variable());
        }
        return names;
    }

    /** One row of cells. */
    List<String> row(JsonObject record) {
        String[] cells = new String[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cell(record, columns.get(i), pointers.get(i));
        }
        return List.of(cells);
    }

    private static String cell(JsonObject record, Codebook.Column column, Pointer pointer) {
        JsonValue value = pointer.find(record);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (pointer.prefix() != null) {
            if (!(value instanceof JsonObject object)) {
                throw wrongKind(column, pointer, "an object");
            }
            Map<String, String> members = new TreeMap<>();
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (member.getKey().startsWith(pointer.prefix())) {
                    members.put(member.getKey().substring(pointer.prefix().length()),
                            scalar(member.getValue(), column, pointer));
                }
            }
            StringJoiner joined = new StringJoiner(";");
            members.forEach((name, memberValue) -> joined.add(name + "=" + memberValue));
            return joined.toString();
        }
        if (value instanceof JsonArray array) {
            StringJoiner joined = new StringJoiner(";");
            for (JsonValue item : array) {
                joined.add(scalar(item, column, pointer));
            }
            return joined.toString();
        }
        return scalar(value, column, pointer);
    }

    private static String scalar(JsonValue value, Codebook.Column column, Pointer pointer) {
        switch (value.getValueType()) {
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (column.type().equals("decimal")) {
                    return number.bigDecimalValue().toPlainString();
                }
                if (column.type().equals("integer")) {
                    try {
                        return number.bigIntegerValueExact().toString();
                    } catch (ArithmeticException e) {
                        throw wrongKind(column, pointer, "a whole number");
                    }
                }
                throw wrongKind(column, pointer, "a " + column.type());
            case TRUE:
            case FALSE:
                if (column.type().equals("boolean")) {
                    return value.getValueType() == JsonValue.ValueType.TRUE ? "true" : "false";
                }
                throw wrongKind(column, pointer, "a " + column.type());
            case NULL:
                return "";
            default:
                throw wrongKind(column, pointer, "a " + column.type());
        }
    }

    private static IllegalArgumentException wrongKind(Codebook.Column column, Pointer pointer, String expected) {
        return new IllegalArgumentException("field " + pointer.text() + " (column " + column.variable()
                + ") must be " + expected);
    }

    /**
     * An RFC 6901 JSON pointer; a last token ending in {@code *} selects the members of the object it names whose
     * names start with the rest of the token.
     */
    static final class Pointer {
        private final String text;
        private final String[] tokens;
        private final String prefix;

        private Pointer(String text, String[] tokens, String prefix) {
            this.text = text;
            this.tokens = tokens;
            this.prefix = prefix;
        }

        static Pointer parse(String text) {
            if (!text.startsWith("/")) {
                throw new IllegalArgumentException("'" + text + "' is not a JSON pointer");
            }
            String[] tokens = text.substring(1).split("/", -1);
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = tokens[i].replace("~1", "/").replace("~0", "~");
            }
            String prefix = null;
            String last = tokens[tokens.length - 1];
            if (last.endsWith("*")) {
                prefix = last.substring(0, last.length() - 1);
                String[] parent = new String[tokens.length - 1];
                System.arraycopy(tokens, 0, parent, 0, parent.length);
                tokens = parent;
            }
            return new Pointer(text, tokens, prefix);
        }

        String text() {
            return text;
        }

        /** The prefix of a member-selecting pointer, or null. */
        String prefix() {
            return prefix;
        }

        /**
         * The value the pointer names (for a member-selecting pointer, the object), or null when it or a parent is
         * absent or null; a parent that is not an object throws {@link IllegalArgumentException}.
         */
        JsonValue find(JsonObject root) {
            JsonValue current = root;
            StringBuilder path = new StringBuilder();
            for (String token : tokens) {
                if (current == null || current.getValueType() == JsonValue.ValueType.NULL) {
                    return null;
                }
                if (!(current instanceof JsonObject object)) {
                    throw new IllegalArgumentException("field " + (path.length() == 0 ? "/" : path)
                            + " must be an object");
                }
                current = object.get(token);
                path.append('/').append(token.replace("~", "~0").replace("/", "~1"));
            }
            return current;
        }
    }
}
