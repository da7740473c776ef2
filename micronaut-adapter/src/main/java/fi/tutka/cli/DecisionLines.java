package fi.tutka.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a decisions file, each decoded on its own, so that one line that is not UTF-8 is rejected by number
 * instead of ending the run. A byte-order mark at the start and a carriage return before each newline are dropped.
 */
final class DecisionLines implements AutoCloseable {
    /** A line and its number from 1; {@code text} is null when the line is not valid UTF-8. */
    record Line(long number, String text) {
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private long number;

    DecisionLines(Path file) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        buffer.reset();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            buffer.write(b);
            b = in.read();
        }
        number++;
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        int offset = number == 1 && length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            return new Line(number, decoder.decode(ByteBuffer.wrap(bytes, offset, length - offset)).toString());
        } catch (CharacterCodingException e) {
            return new Line(number, null);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
