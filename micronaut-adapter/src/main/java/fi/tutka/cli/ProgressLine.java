package fi.tutka.cli;

import fi.tutka.delivery.DeliveryBuilder;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * A progress line on standard error: rewritten in place every half second on a terminal; otherwise (a log, a pipe) a
 * plain line every few seconds, so that logs stay readable.
 */
final class ProgressLine {
    private final PrintWriter err;
    private final boolean terminal;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long next;
    private boolean shown;

    ProgressLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 500_000_000L : 5_000_000_000L;
        this.next = intervalNanos;
    }

    /** Shows the text the function makes of the nanoseconds since the start, when it is time to show one. */
    void update(LongFunction<String> text) {
        long elapsed = System.nanoTime() - start;
        if (elapsed < next) {
            return;
        }
        next = elapsed + intervalNanos;
        if (terminal) {
            err.print("\r" + text.apply(elapsed) + "\u001b[K"); // erase what a longer line left
        } else {
            err.println(text.apply(elapsed));
        }
        err.flush();
        shown = true;
    }

    /** A line of its own, after any progress line. */
    void line(String text) {
        done();
        err.println(text);
        err.flush();
    }

    /** Ends a line rewritten in place. */
    void done() {
        if (terminal && shown) {
            err.println();
        }
        shown = false;
    }

    /** {@code 1 min 05 s}, {@code 12 s}. */
    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole >= 60 ? String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60) : whole + " s";
    }

    /** A delivery build's progress: a line per step, and the reading's count, rate and time left. */
    static DeliveryBuilder.Progress delivery(PrintWriter err, boolean terminal) {
        ProgressLine line = new ProgressLine(err, terminal);
        return new DeliveryBuilder.Progress() {
            @Override
            public void step(String step) {
                line.line("  " + step);
            }

            @Override
            public void read(long records, long bytes, long totalBytes) {
                line.update(elapsed -> {
                    double seconds = elapsed / 1e9;
                    String text = String.format(Locale.ROOT, "    %,d records read, %,.0f/s", records,
                            records / seconds);
                    if (totalBytes > 0 && bytes > 0) {
                        double left = seconds * (totalBytes - bytes) / bytes;
                        text += String.format(Locale.ROOT, ", %d%%, about %s left", 100 * bytes / totalBytes,
                                duration(left));
                    }
                    return text;
                });
            }
        };
    }
}
