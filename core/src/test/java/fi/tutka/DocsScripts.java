package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the Python published in docs/, for the tests that hold it to the Java implementation. */
public final class DocsScripts {
    private DocsScripts() {
    }

    /** What {@code python3 docs/<name>} prints; the test is skipped when the file or python3 is not there. */
    public static String python(String name) throws IOException, InterruptedException {
        Path script = Path.of("..", "docs", name);
        Assumptions.assumeTrue(Files.exists(script), "docs/" + name + " beside the core module");
        Process python;
        try {
            python = new ProcessBuilder("python3", script.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Assumptions.abort("python3 is not installed: " + e.getMessage());
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
