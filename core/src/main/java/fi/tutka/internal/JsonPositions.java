package fi.tutka.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each JSON pointer of a JSON text is, for messages that name a pointer: an object member is at its key, an
 * array element at its value, the whole document at its first character. Broken JSON is read as far as it goes.
 */
final class JsonPositions {
    private final String text;
    private final Map<String, Integer> offsets = new HashMap<>();
    private int at;

    private JsonPositions(String text) {
        this.text = text;
        skipSpace();
        offsets.put("", at);
        try {
            value("");
        } catch (RuntimeException e) {
            // Broken JSON: the pointers read so far are known, the rest are not.
        }
    }

    /** The offset of the pointer's key or value, or -1 when the text has no such pointer. */
    static int offset(String text, String pointer) {
        Integer offset = new JsonPositions(text).offsets.get(pointer);
        return offset == null ? -1 : offset;
    }

    private void value(String pointer) {
        skipSpace();
        char c = text.charAt(at);
        if (c == '{') {
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return;
            }
            while (true) {
                skipSpace();
                int keyAt = at;
                String key = string();
                String member = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                offsets.putIfAbsent(member, keyAt);
                skipSpace();
                expect(':');
                value(member);
                skipSpace();
                if (text.charAt(at) == ',') {
                    at++;
                } else {
                    expect('}');
                    return;
                }
            }
        } else if (c == '[') {
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return;
            }
            for (int index = 0; ; index++) {
                skipSpace();
                offsets.putIfAbsent(pointer + "/" + index, at);
                value(pointer + "/" + index);
                skipSpace();
                if (text.charAt(at) == ',') {
                    at++;
                } else {
                    expect(']');
                    return;
                }
            }
        } else if (c == '"') {
            string();
        } else {
            while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
                at++;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c == '\\') {
                char escaped = text.charAt(at++);
                if (escaped == 'u') {
                    value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                } else {
                    value.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> escaped;
                    });
                }
            } else {
                value.append(c);
            }
        }
        at++;
        return value.toString();
    }

    private void expect(char c) {
        if (text.charAt(at) != c) {
            throw new IllegalStateException("expected " + c);
        }
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
