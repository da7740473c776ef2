package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.testing.Chromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the summary page of a realistic delivery in headless Chromium and checks in the screenshot that the
 * charts were drawn: for every colour of the palette (and the grey of trial arms and flags), the pixels of exactly
 * that colour must lie between what the bars' inner pixels and their outer bounds allow.
 *
 * <p>Skipped when no {@code chromium} (or {@code chromium-browser}) is on the PATH, unless the environment variable
 * {@code TUTKA_REQUIRE_CHROMIUM=1} says that it must run (CI sets it), in which case a missing browser fails
 * ({@link Chromium#orSkip()}).
 */
class SummaryPageScreenshotTest {
    private static final int WIDTH = 1200;
    /** Tall enough for the whole realistic page (about 4,900 pixels), so that every bar is in the picture. */
    private static final int HEIGHT = 6000;
    private static final Pattern RECT = Pattern.compile("<rect class=\"(?:segment|bar|swatch)\"[^>]*>");
    private static final Pattern MARK = Pattern.compile("<line class=\"mark\"[^>]*>");
    private static final Pattern ATTRIBUTE = Pattern.compile(" ([a-z-]+)=\"([^\"]*)\"");
    private static final Pattern PATTERN_FILL = Pattern.compile("url\\(#fill-([0-9]+)\\)");

    @TempDir
    Path temp;

    @Test
    void chromiumDrawsEveryChart() throws IOException, InterruptedException {
        Chromium chromium = Chromium.orSkip();
        String page = SummaryPageTest.render(SummaryFixtures.realistic());
        Path html = temp.resolve("summary.html");
        Files.writeString(html, page, StandardCharsets.UTF_8);

        Chromium.Screenshot screenshot = chromium.screenshot(html.toUri().toString(), temp.resolve("summary.png"),
                WIDTH, HEIGHT);

        BufferedImage image = screenshot.image();
        long millis = screenshot.millis();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        // the whole page fitted: its last 200 rows are white
        assertThat(histogram(image, HEIGHT - 200)).as("colours of the last 200 rows")
                .containsExactly(Map.entry(0xFFFFFF, WIDTH * 200L));
        Map<Integer, Long> histogram = histogram(image, 0);

        Map<String, long[]> bounds = bounds(page);
        StringBuilder figures = new StringBuilder();
        Map<String, Long> pixels = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> colour : bounds.entrySet()) {
            long count = histogram.getOrDefault(Integer.parseInt(colour.getKey().substring(1), 16), 0L);
            pixels.put(colour.getKey(), count);
            figures.append(String.format("%n  %s %7d px (bars allow %d..%d)", colour.getKey(), count,
                    colour.getValue()[0], colour.getValue()[1]));
        }
        System.out.printf("summary.html screenshot %dx%d in %d ms:%s%n", WIDTH, HEIGHT, millis, figures);
        for (Map.Entry<String, long[]> colour : bounds.entrySet()) {
            assertThat(colour.getValue()[0]).as("the realistic page's %s bars", colour.getKey()).isGreaterThan(200);
            assertThat(pixels.get(colour.getKey())).as("pixels of %s", colour.getKey())
                    .isBetween(colour.getValue()[0], colour.getValue()[1]);
        }
    }

    /**
     * Per colour: the fewest pixels of it the page's rectangles must leave (the whole pixels inside the solid ones,
     * less what the expected-share marks cover of the grey bars) and the most they can (their outer pixels, patterned
     * ones included).
     */
    private static Map<String, long[]> bounds(String page) {
        Map<String, long[]> bounds = new LinkedHashMap<>();
        for (String colour : SummaryPage.PALETTE) {
            bounds.put(colour, new long[2]);
        }
        bounds.put(SummaryPage.NEUTRAL, new long[2]);
        Matcher rect = RECT.matcher(page);
        while (rect.find()) {
            Map<String, String> attributes = attributes(rect.group());
            double width = Double.parseDouble(attributes.get("width"));
            double height = Double.parseDouble(attributes.get("height"));
            String fill = attributes.get("fill");
            Matcher pattern = PATTERN_FILL.matcher(fill);
            boolean patterned = pattern.matches();
            String colour = patterned
                    ? SummaryPage.PALETTE.get(Integer.parseInt(pattern.group(1)) % SummaryPage.PALETTE.size()) : fill;
            long[] bound = bounds.get(colour);
            if (!patterned) {
                bound[0] += Math.max(0, (long) Math.floor(width) - 1) * Math.max(0, (long) Math.floor(height) - 1);
            }
            bound[1] += ((long) Math.ceil(width) + 1) * ((long) Math.ceil(height) + 1);
        }
        Matcher mark = MARK.matcher(page);
        List<String> marks = new ArrayList<>();
        while (mark.find()) {
            marks.add(mark.group());
        }
        // a mark 3 wide (5 with its blurred edges) may cross its grey bar, 16 high
        bounds.get(SummaryPage.NEUTRAL)[0] -= marks.size() * 5L * 16;
        return bounds;
    }

    private static Map<String, String> attributes(String element) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(element);
        while (attribute.find()) {
            attributes.put(attribute.group(1), attribute.group(2));
        }
        return attributes;
    }

    /** Pixels per colour (RGB) from row {@code fromRow} down. */
    private static Map<Integer, Long> histogram(BufferedImage image, int fromRow) {
        Map<Integer, Long> histogram = new HashMap<>();
        int[] row = new int[image.getWidth()];
        for (int y = fromRow; y < image.getHeight(); y++) {
            image.getRGB(0, y, row.length, 1, row, 0, row.length);
            for (int argb : row) {
                histogram.merge(argb & 0xFFFFFF, 1L, Long::sum);
            }
        }
        return histogram;
    }
}
