package fi.tutka.sample;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a realistic, seeded half-year of service decisions for one employment area as JSON Lines (one decision's
 * JSON a line, ordered by decision time), for trying Tutka out and for benchmarks.
 *
 * <pre>{@code
 * SampleGenerator generator = SampleGenerator.builder().area("179").halfYear(2026, 1).seed(42L).scale(1.0).build();
 * SampleGenerator.Stats stats = generator.write(out);
 * }</pre>
 *
 * <p>At scale 1.0 the volumes are those of a mid-sized area: about 4,500 new registrations (each with an initial
 * interview), 15,000 job-search discussions and some 2,300 services with a duration, whose lives (referral, decision,
 * start, end, cancellation) give one line an event, in all some 25,000 lines. Every identity code uses an
 * individual number from 900 to 999. About 0.7 % of the lines are deliberately bad (see {@link Stats}) and about
 * 0.3 % use a local service code no rule knows (valid, accepted with a warning). The same parameters always give
 * the same bytes.
 */
public final class SampleGenerator {
    /** The kinds of deliberately bad lines, as counted in {@link Stats#invalidByKind()}. */
    static final List<String> BAD_KINDS = List.of(
            "bad_check_character", "impossible_date", "missing_field", "no_offset", "malformed_json");

    private static final double MAX_SCALE = 20.0;

    private final String area;
    private final int year;
    private final int half;
    private final long seed;
    private final double scale;
    private final AreaProfile profile;

    /**
     * What was written.
     *
     * @param lines         lines written
     * @param valid         lines that Tutka accepts (including those with an unknown local service code)
     * @param invalid       deliberately bad lines, which Tutka rejects
     * @param invalidByKind bad lines by kind, every kind listed in a fixed order: {@code bad_check_character},
     *                      {@code impossible_date}, {@code missing_field}, {@code no_offset}, {@code malformed_json}
     */
    public record Stats(int lines, int valid, int invalid, Map<String, Integer> invalidByKind) {
        public Stats {
            invalidByKind = Collections.unmodifiableMap(new LinkedHashMap<>(invalidByKind));
        }
    }

    private SampleGenerator(Builder builder) {
        this.area = builder.area;
        this.year = builder.year;
        this.half = builder.half;
        this.seed = builder.seed;
        this.scale = builder.scale;
        this.profile = AreaProfile.of(area, firstDay(year, half), lastDay(year, half));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The areas the generator knows (host municipality codes): {@code 179} and {@code 837}. */
    public static List<String> supportedAreas() {
        return List.copyOf(AreaProfile.SUPPORTED.keySet());
    }

    /**
     * Writes the half-year, one decision a line, each line ended by {@code \n}. Does not close {@code out}.
     *
     * @throws TutkaException {@code IO} if writing fails
     */
    public Stats write(Writer out) {
        Objects.requireNonNull(out, "out");
        List<SampleRun.Line> lines = new SampleRun(profile, year, half, firstDay(year, half), lastDay(year, half),
                seed, scale).run();
        int valid = 0;
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (String kind : BAD_KINDS) {
            byKind.put(kind, 0);
        }
        StringBuilder buffer = new StringBuilder(1 << 16);
        try {
            for (SampleRun.Line line : lines) {
                if (line.badKind() == null) {
                    valid++;
                } else {
                    byKind.merge(line.badKind(), 1, Integer::sum);
                }
                buffer.append(line.text()).append('\n');
                if (buffer.length() >= 1 << 16) {
                    out.write(buffer.toString());
                    buffer.setLength(0);
                }
            }
            out.write(buffer.toString());
            out.flush();
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write the sample decisions: " + e.getMessage(), e);
        }
        return new Stats(lines.size(), valid, lines.size() - valid, byKind);
    }

    @Override
    public String toString() {
        return "SampleGenerator[area=" + area + ", halfYear=" + year + "H" + half + ", seed=" + seed + ", scale="
                + scale + "]";
    }

    static LocalDate firstDay(int year, int half) {
        return LocalDate.of(year, half == 1 ? 1 : 7, 1);
    }

    static LocalDate lastDay(int year, int half) {
        return half == 1 ? LocalDate.of(year, 6, 30) : LocalDate.of(year, 12, 31);
    }

    /** Builds a {@link SampleGenerator}; area and half-year are required, seed defaults to 1 and scale to 1.0. */
    public static final class Builder {
        private String area;
        private int year;
        private int half;
        private long seed = 1L;
        private double scale = 1.0;

        private Builder() {
        }

        /**
         * The area: its host municipality's 3-digit code, {@code "179"} (Jyväskylä region) or {@code "837"}
         * (Tampere region).
         *
         * @throws IllegalArgumentException for any other area, naming the supported ones
         */
        public Builder area(String area) {
            AreaProfile.requireSupported(area);
            this.area = area;
            return this;
        }

        /**
         * The half-year: {@code half} 1 is 1 January–30 June, 2 is 1 July–31 December.
         *
         * @throws IllegalArgumentException if the year is outside 2025–2099 (employment areas exist from 2025) or
         *                                  the half is not 1 or 2
         */
        public Builder halfYear(int year, int half) {
            if (year < 2025 || year > 2099) {
                throw new IllegalArgumentException("year must be from 2025 to 2099, got " + year);
            }
            if (half != 1 && half != 2) {
                throw new IllegalArgumentException("half must be 1 (January-June) or 2 (July-December), got " + half);
            }
            this.year = year;
            this.half = half;
            return this;
        }

        /** The seed: the same seed and parameters give byte-identical output. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Multiplies the volumes: 1.0 is a mid-sized area (about 25,000 lines), 0.05 gives about 1,300.
         *
         * @throws IllegalArgumentException unless {@code 0 < scale <= 20}
         */
        public Builder scale(double scale) {
            if (!(scale > 0 && scale <= MAX_SCALE)) {
                throw new IllegalArgumentException("scale must be above 0 and at most " + MAX_SCALE + ", got " + scale);
            }
            this.scale = scale;
            return this;
        }

        /**
         * @throws IllegalStateException if the area or the half-year is not set
         */
        public SampleGenerator build() {
            if (area == null) {
                throw new IllegalStateException("area is not set: call area(\"179\") or area(\"837\")");
            }
            if (half == 0) {
                throw new IllegalStateException("half-year is not set: call halfYear(2026, 1)");
            }
            return new SampleGenerator(this);
        }
    }
}
