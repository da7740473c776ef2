package fi.tutka.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * What an engine takes beyond a decision's structure: a decision time at most {@link #AHEAD} after the engine's own
 * clock, since a decision cannot be made in the future.
 *
 * @param clock the engine's clock; null for no such bound (scenarios and explanations, whose decisions are made up)
 */
public record Intake(Clock clock) {
    /**
     * How far a decision time may be ahead of the engine's clock: a day leaves room for a client system's clock that
     * runs fast and for a local time sent with the wrong offset, and no room for a date typed a year wrong.
     */
    public static final Duration AHEAD = Duration.ofDays(1);

    /** No bound from a clock: for decisions that are made up, as scenarios' are. */
    public static final Intake ANY = new Intake(null);
}
