package fi.tutka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium for the screenshot tests: {@code SummaryPageScreenshotTest} (core) and
 * {@code StatusPageScreenshotTest} (micronaut-adapter, which has this class from core's test-jar).
 *
 * <p>{@link #orSkip()} skips the calling test when no {@code chromium} (or {@code chromium-browser}) is on the PATH,
 * unless the environment variable {@code TUTKA_REQUIRE_CHROMIUM=1} says that it must run, in which case a missing
 * browser fails it.
 */
public final class Chromium {
    private static final long TIMEOUT_SECONDS = 60;

    /** A screenshot as read, and how long Chromium took to take it. */
    public record Screenshot(BufferedImage image, long millis) {
    }

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The browser on the PATH; without one the test is skipped, or fails with {@code TUTKA_REQUIRE_CHROMIUM=1}. */
    public static Chromium orSkip() {
        Optional<Path> chromium = find();
        if (chromium.isEmpty()) {
            if ("1".equals(System.getenv("TUTKA_REQUIRE_CHROMIUM"))) {
                fail("TUTKA_REQUIRE_CHROMIUM=1 but no chromium or chromium-browser on the PATH "
                        + "(apt-get install chromium)");
            }
            assumeTrue(false, "no chromium or chromium-browser on the PATH (apt-get install chromium; "
                    + "TUTKA_REQUIRE_CHROMIUM=1 makes this a failure)");
        }
        return new Chromium(chromium.get());
    }

    /** The first of {@code chromium} and {@code chromium-browser} on the PATH. */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String folder : path.split(File.pathSeparator)) {
                if (folder.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Loads {@code url} in a window {@code width} by {@code height} pixels and writes its screenshot to {@code png},
     * with the command README.md and docs/delivery.md show: a profile of its own ({@code profile} beside {@code png},
     * as is Chromium's output, {@code chromium.log}) and colours and scale pinned. Fails unless Chromium exits 0 within
     * 60 s having written the screenshot, with the last 30 lines of its output in the message.
     */
    public Screenshot screenshot(String url, Path png, int width, int height) throws IOException,
            InterruptedException {
        Path folder = png.toAbsolutePath().getParent();
        Path log = folder.resolve("chromium.log");
        List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--force-color-profile=srgb",
                "--user-data-dir=" + folder.resolve("profile"), "--window-size=" + width + "," + height,
                "--screenshot=" + png, url);

        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(finished).as("chromium finished within %d s; its output:%n%s", TIMEOUT_SECONDS, tail(log))
                .isTrue();
        assertThat(process.exitValue()).as("chromium's exit code; its output:%n%s", tail(log)).isZero();
        assertThat(png).as("screenshot; chromium's output:%n%s", tail(log)).isNotEmptyFile();
        return new Screenshot(ImageIO.read(png.toFile()), millis);
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(none)";
        }
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
