package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Reads records folders: every {@code *.jsonl} file, sorted by name, one JSON object a line (JSON Lines, UTF-8).
 * A torn last line — the file does not end in a line feed and its last line is not valid JSON, as a crash in the
 * middle of an append leaves it — is skipped and counted. Any other line that is not one valid JSON object is an
 * {@link ErrorCode#IO} error naming the file and line, never quoting the line (it could hold personal data).
 */
final class RecordFiles {
    /** Longer lines are refused: records are around a kilobyte. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    /** Receives every record of a file, in line order. */
    interface Handler {
        void record(Path file, long line, JsonObject record);
    }

    private RecordFiles() {
    }

    /** The {@code *.jsonl} files of a folder, sorted by name. */
    static List<Path> list(Path folder) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.jsonl")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot list records folder " + folder + ": " + e, e);
        }
        files.sort(Comparator.comparing(file -> file.getFileName().toString()));
        return files;
    }

    /**
     * Hands every record of a file to the handler.
     *
     * @return the number of torn lines skipped, 0 or 1
     */
    static int read(Path file, Handler handler) {
        return read(file, handler, bytes -> { });
    }

    /**
     * Hands every record of a file to the handler, telling {@code bytesRead} of each piece of the file read.
     *
     * @return the number of torn lines skipped, 0 or 1
     */
    static int read(Path file, Handler handler, LongConsumer bytesRead) {
        try (InputStream in = Files.newInputStream(file)) {
            LineBuffer line = new LineBuffer();
            byte[] chunk = new byte[1 << 16];
            long number = 0;
            int read;
            while ((read = in.read(chunk)) >= 0) {
                bytesRead.accept(read);
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        line.append(chunk, start, i - start, file, number + 1);
                        number++;
                        handler.record(file, number, parse(line, file, number));
                        line.clear();
                        start = i + 1;
                    }
                }
                line.append(chunk, start, read - start, file, number + 1);
            }
            if (line.size() > 0) {
                number++;
                JsonObject last;
                try {
                    last = parseObject(line);
                } catch (NotJson e) {
                    return 1;
                } catch (NotARecord e) {
                    throw malformed(file, number, e.getMessage());
                }
                handler.record(file, number, last);
            }
            return 0;
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot read records file " + file + ": " + e, e);
        }
    }

    private static JsonObject parse(LineBuffer line, Path file, long number) {
        if (line.isBlank()) {
            throw malformed(file, number, "the line is empty");
        }
        try {
            return parseObject(line);
        } catch (NotJson | NotARecord e) {
            throw malformed(file, number, e.getMessage());
        }
    }

    /**
     * Parses a line as exactly one JSON object.
     *
     * @throws NotJson    when the line is not valid UTF-8 or not one JSON text: a torn last line
     * @throws NotARecord when the line is valid JSON but not one object with distinct member names
     */
    private static JsonObject parseObject(LineBuffer line) throws NotJson, NotARecord {
        String text;
        try {
            text = line.decode();
        } catch (CharacterCodingException e) {
            throw new NotJson("not valid UTF-8");
        }
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new NotJson("not one valid JSON object");
            }
            JsonParser.Event first = parser.next();
            JsonValue value;
            try {
                value = first == JsonParser.Event.START_OBJECT ? parser.getObject() : parser.getValue();
            } catch (IllegalStateException e) {
                // Parsson's rejectDuplicateKeys
                throw new NotARecord("a JSON object with a duplicate member name");
            }
            if (parser.hasNext()) {
                throw new NotJson("not one valid JSON object (more than one JSON value)");
            }
            if (!(value instanceof JsonObject object)) {
                throw new NotARecord("a JSON " + value.getValueType().toString().toLowerCase(Locale.ROOT)
                        + ", not an object");
            }
            return object;
        } catch (JsonParsingException e) {
            long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNumber();
            throw new NotJson("not one valid JSON object" + (column > 0 ? " (column " + column + ")" : ""));
        } catch (JsonException e) {
            throw new NotJson("not one valid JSON object");
        }
    }

    /** The line is not valid JSON; the message never quotes it. */
    private static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    /** The line is valid JSON but not a record; the message never quotes it. */
    private static final class NotARecord extends Exception {
        private static final long serialVersionUID = 1L;

        NotARecord(String message) {
            super(message, null, false, false);
        }
    }

    static TutkaException malformed(Path file, long line, String problem) {
        return new TutkaException(ErrorCode.IO, "records file " + file + " line " + line + ": " + problem);
    }

    /** The bytes of one line, growing as needed up to {@link #MAX_LINE_BYTES}. */
    private static final class LineBuffer {
        private byte[] bytes = new byte[4096];
        private int size;

        void append(byte[] chunk, int from, int length, Path file, long number) {
            if (size + length > bytes.length) {
                if (size + length > MAX_LINE_BYTES) {
                    throw malformed(file, number, "the line is longer than " + MAX_LINE_BYTES + " bytes");
                }
                bytes = Arrays.copyOf(bytes, Math.min(Math.max(bytes.length * 2, size + length), MAX_LINE_BYTES));
            }
            System.arraycopy(chunk, from, bytes, size, length);
            size += length;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        boolean isBlank() {
            for (int i = 0; i < size; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        String decode() throws CharacterCodingException {
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return decoder.decode(ByteBuffer.wrap(bytes, 0, size)).toString();
        }
    }
}
