package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.internal.BarCharts;
import fi.tutka.scenarios.Scenarios;
import fi.tutka.testing.Chromium;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Loads the status page from a running sidecar (an embedded server on a random loopback port) in headless Chromium,
 * after 12 clients were randomised in the youth trial, and checks in the screenshot that the arm bars were drawn: the
 * pixels of exactly their grey must lie between what the bars' inner pixels (less what the expected-share marks
 * cover) and their outer bounds allow.
 *
 * <p>Skipped when no {@code chromium} (or {@code chromium-browser}) is on the PATH, unless the environment variable
 * {@code TUTKA_REQUIRE_CHROMIUM=1} says that it must run, in which case a missing browser fails
 * ({@link Chromium#orSkip()}).
 */
@MicronautTest
class StatusPageScreenshotTest extends SidecarTest {
    static final Instant NOW = Instant.parse("2026-10-05T10:00:00Z");
    private static final int CLIENTS = 12;
    private static final int WIDTH = 1200;
    /** Tall enough for the whole page with both bundled trials, so that every bar is in the picture. */
    private static final int HEIGHT = 2400;
    private static final Pattern BAR = Pattern.compile("<rect class=\"bar\"[^>]*>");
    private static final Pattern MARK = Pattern.compile("<line class=\"mark\"[^>]*>");
    private static final Pattern SIZE = Pattern.compile(" width=\"([0-9.]+)\" height=\"([0-9.]+)\" fill=\"([^\"]*)\"");

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Test
    void chromiumDrawsTheArmBars() throws IOException, InterruptedException {
        Chromium chromium = Chromium.orSkip();
        for (int i = 0; i < CLIENTS; i++) {
            String client = Scenarios.identityCode(LocalDate.of(1998, 3, 15), '-', 900 + i);
            assertThat(http.post("/v1/decisions", Decisions.inYouthTrial("shot-" + i, client)).status())
                    .isEqualTo(200);
        }
        String page = http.get("/").body();
        assertThat(page).contains("allocations: " + CLIENTS + " ·");

        Chromium.Screenshot screenshot = chromium.screenshot(server.getURL().toString() + "/",
                dir.resolve("status.png"), WIDTH, HEIGHT);

        BufferedImage image = screenshot.image();
        long millis = screenshot.millis();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        // the whole page fitted: its last 200 rows are white
        assertThat(pixels(image, HEIGHT - 200, -1)).as("non-white pixels of the last 200 rows").isZero();

        long inner = 0;
        long outer = 0;
        Matcher bar = BAR.matcher(page);
        int bars = 0;
        while (bar.find()) {
            Matcher size = SIZE.matcher(bar.group());
            assertThat(size.find()).as(bar.group()).isTrue();
            assertThat(size.group(3)).isEqualTo(BarCharts.NEUTRAL);
            double width = Double.parseDouble(size.group(1));
            double height = Double.parseDouble(size.group(2));
            inner += Math.max(0, (long) Math.floor(width) - 1) * Math.max(0, (long) Math.floor(height) - 1);
            outer += ((long) Math.ceil(width) + 1) * ((long) Math.ceil(height) + 1);
            bars++;
        }
        long marks = MARK.matcher(page).results().count();
        // a mark 3 wide (5 with its blurred edges) may cross its grey bar, 16 high
        inner -= marks * 5L * 16;
        long grey = pixels(image, 0, Integer.parseInt(BarCharts.NEUTRAL.substring(1), 16));
        System.out.printf("status page screenshot %dx%d in %d ms: %d bars, %d marks, %s %d px (bars allow %d..%d)%n",
                WIDTH, HEIGHT, millis, bars, marks, BarCharts.NEUTRAL, grey, inner, outer);
        // the youth trial's two arms and the older trial's (without allocations, no marks)
        assertThat(marks).isEqualTo(2);
        assertThat(inner).as("the youth trial's bars").isGreaterThan(1000);
        assertThat(grey).as("pixels of %s", BarCharts.NEUTRAL).isBetween(inner, outer);
    }

    /** Pixels of colour {@code rgb} from row {@code fromRow} down; with {@code rgb} -1, those not white. */
    private static long pixels(BufferedImage image, int fromRow, int rgb) {
        long count = 0;
        int[] row = new int[image.getWidth()];
        for (int y = fromRow; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int argb : row) {
                int colour = argb & 0xFFFFFF;
                if (rgb == -1 ? colour != 0xFFFFFF : colour == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
