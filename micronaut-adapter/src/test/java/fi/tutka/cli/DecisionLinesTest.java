package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DecisionLines}: each line is decoded strictly, so that a line that is not UTF-8 is that line's error (a null
 * text, which {@code tutka run} reports as "not valid UTF-8") and is never read with U+FFFD in place of its bytes.
 */
class DecisionLinesTest {
    @TempDir
    Path dir;

    private List<DecisionLines.Line> read(byte[]... lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            bytes.write(line);
        }
        Path file = Files.write(dir.resolve("decisions.jsonl"), bytes.toByteArray());
        List<DecisionLines.Line> read = new ArrayList<>();
        try (DecisionLines decisionLines = new DecisionLines(file)) {
            for (DecisionLines.Line line = decisionLines.next(); line != null; line = decisionLines.next()) {
                read.add(line);
            }
        }
        return read;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyMalformedSequenceMakesItsLineInvalidAndOnlyThatLine() throws IOException {
        byte[][] malformed = {
            bytes('{', 0xC3, '}'),               // a lead byte without its continuation
            bytes('{', 0x80, '}'),               // a continuation byte alone
            bytes('{', 0xC0, 0xAF, '}'),         // an overlong '/'
            bytes('{', 0xE0, 0x80, 0xAF, '}'),   // an overlong '/' in three bytes
            bytes('{', 0xED, 0xA0, 0x80, '}'),   // a surrogate (U+D800) encoded
            bytes('{', 0xF4, 0x90, 0x80, 0x80, '}'), // above U+10FFFF
            bytes('{', 0xFF, '}'),               // never in UTF-8
            bytes('{', 0xE4, '}'),               // Latin-1 'ä'
        };
        List<byte[]> lines = new ArrayList<>();
        for (byte[] line : malformed) {
            lines.add(utf8("{\"ok\":\"ä€😀\"}\n"));
            lines.add(line);
            lines.add(utf8("\n"));
        }
        lines.add(utf8("{\"last\":1}"));

        List<DecisionLines.Line> read = read(lines.toArray(byte[][]::new));

        assertThat(read).hasSize(2 * malformed.length + 1);
        for (int i = 0; i < malformed.length; i++) {
            assertThat(read.get(2 * i)).isEqualTo(new DecisionLines.Line(2L * i + 1, "{\"ok\":\"ä€😀\"}"));
            assertThat(read.get(2 * i + 1)).as("line %d", 2 * i + 2).isEqualTo(new DecisionLines.Line(2L * i + 2, null));
        }
        assertThat(read.get(read.size() - 1)).isEqualTo(new DecisionLines.Line(read.size(), "{\"last\":1}"));
    }

    @Test
    void aSequenceCutByTheEndOfTheFileOrByACarriageReturnIsInvalid() throws IOException {
        assertThat(read(utf8("{}\n"), bytes('{', 0xE2, 0x82))).containsExactly(new DecisionLines.Line(1, "{}"),
                new DecisionLines.Line(2, null));
        assertThat(read(bytes('{', 0xE2, 0x82, '\r', '\n'), utf8("{}\r\n"))).containsExactly(
                new DecisionLines.Line(1, null), new DecisionLines.Line(2, "{}"));
    }

    @Test
    void aReplacementCharacterWrittenInTheFileIsKeptAsItIs() throws IOException {
        // U+FFFD is valid UTF-8 (EF BF BD): the line is read as given, and the decision reader judges it
        assertThat(read(utf8("{\"x\":\"\uFFFD\"}\n"))).containsExactly(new DecisionLines.Line(1, "{\"x\":\"\uFFFD\"}"));
    }

    @Test
    void aByteOrderMarkOpensTheFirstLineOnly() throws IOException {
        assertThat(read(bytes(0xEF, 0xBB, 0xBF), utf8("{}\n"), bytes(0xEF, 0xBB, 0xBF), utf8("{}\n")))
                .containsExactly(new DecisionLines.Line(1, "{}"), new DecisionLines.Line(2, "\uFEFF{}"));
    }
}
