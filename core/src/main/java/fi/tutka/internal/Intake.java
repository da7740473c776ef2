package fi.tutka.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.SortedSet;

/**
 * What an engine takes beyond a decision's structure: decisions of the areas it serves ({@link ServedAreas}), dated
 * at most {@link #AHEAD} after its own clock, since a decision cannot be made in the future.
 *
 * @param clock the engine's clock; null for no such bound (scenarios and explanations, whose decisions are made up)
 * @param areas the areas served; null for any area (scenarios and explanations, which write nothing)
 */
public record Intake(Clock clock, SortedSet<String> areas) {
    /**
     * How far a decision time may be ahead of the engine's clock: a day leaves room for a client system's clock that
     * runs fast and for a local time sent with the wrong offset, and no room for a date typed a year wrong.
     */
    public static final Duration AHEAD = Duration.ofDays(1);

    /** Any area, no bound from a clock: for decisions that are made up, as scenarios' are. */
    public static final Intake ANY = new Intake(null, null);

    /** Whether a decision of {@code area} is taken. */
    public boolean serves(String area) {
        return areas == null || areas.contains(area);
    }
}
