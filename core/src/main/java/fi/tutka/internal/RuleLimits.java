package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.Settings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far the rules of one evaluation may go before they are stopped.
 *
 * @param maxFirings most rule firings on one decision ({@value #MAX_FIRINGS})
 * @param budget     longest time the rules of one decision may run ({@value #BUDGET})
 * @param failOpen   a decision whose rules were stopped is accepted with the quality flag
 *                   {@value #INCOMPLETE_FLAG} ({@code fail-open}) rather than failing ({@code fail-closed});
 *                   {@value #ON_LIMIT}
 */
public record RuleLimits(int maxFirings, Duration budget, boolean failOpen) {
    public static final String MAX_FIRINGS = "tutka.rules.max-firings";
    public static final String BUDGET = "tutka.rules.budget";
    public static final String ON_LIMIT = "tutka.rules.on-limit";

    /** The quality flag of a record whose decision's rules were stopped at a limit (fail-open). */
    public static final String INCOMPLETE_FLAG = "rules_incomplete";
    /** The warning a caller gets when the rules of its decision were stopped at a limit (fail-open). */
    public static final String STOPPED_WARNING = "rules_stopped";

    private static final Duration LONGEST = Duration.ofHours(1);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");
    private static final String FIRINGS_ACCEPTED = "give a whole number of firings from 1 to " + Integer.MAX_VALUE
            + ", such as 10000";
    private static final String BUDGET_ACCEPTED = "give a duration from 1 ms to 1 hour, such as 200ms, 2s or PT0.5S";
    private static final String ON_LIMIT_ACCEPTED = "give fail-closed (the evaluation fails with RULE_EVALUATION and "
            + "writes nothing) or fail-open (the decision is accepted, its record flagged " + INCOMPLETE_FLAG + ")";

    /** Generous for real rules (the bundled ones fire about ten times a decision), short for a looping one. */
    // Two seconds: thousands of times what the rules of a decision take once warm, and room for a cold JVM's first
    // decisions (class loading, constraint compilation) on a busy machine, which must not be refused.
    public static final RuleLimits DEFAULT = new RuleLimits(10_000, Duration.ofSeconds(2), false);

    public RuleLimits {
        requireMaxFirings(maxFirings, "maxFirings");
        requireBudget(budget, "budget");
    }

    /** @param where the builder method or parameter that gave it, for the message */
    public static int requireMaxFirings(int maxFirings, String where) {
        if (maxFirings < 1) {
            throw new TutkaException(ErrorCode.CONFIGURATION, where + "(" + maxFirings + "): " + FIRINGS_ACCEPTED);
        }
        return maxFirings;
    }

    /** @param where the builder method or parameter that gave it, for the message */
    public static Duration requireBudget(Duration budget, String where) {
        if (budget == null || budget.compareTo(Duration.ofMillis(1)) < 0 || budget.compareTo(LONGEST) > 0) {
            throw new TutkaException(ErrorCode.CONFIGURATION, where + "(" + budget + "): " + BUDGET_ACCEPTED);
        }
        return budget;
    }

    /**
     * The limits the settings give, each missing one from {@link #DEFAULT}.
     *
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming the setting, its value and what is accepted
     */
    public static RuleLimits of(Settings settings) {
        int maxFirings = settings.get(MAX_FIRINGS).map(RuleLimits::maxFirings).orElse(DEFAULT.maxFirings);
        Duration budget = settings.get(BUDGET).map(RuleLimits::budget).orElse(DEFAULT.budget);
        boolean failOpen = settings.get(ON_LIMIT).map(RuleLimits::failOpen).orElse(DEFAULT.failOpen);
        return new RuleLimits(maxFirings, budget, failOpen);
    }

    public RuleLimits withMaxFirings(int maxFirings) {
        return new RuleLimits(maxFirings, budget, failOpen);
    }

    public RuleLimits withBudget(Duration budget) {
        return new RuleLimits(maxFirings, budget, failOpen);
    }

    public RuleLimits withFailOpen(boolean failOpen) {
        return new RuleLimits(maxFirings, budget, failOpen);
    }

    /** The budget as people write it: {@code 200 ms}, {@code 2 s}. */
    public String budgetText() {
        return budget.toMillis() % 1000 == 0 && budget.toNanos() % 1_000_000 == 0 ? budget.toSeconds() + " s"
                : budget.toNanos() % 1_000_000 == 0 ? budget.toMillis() + " ms"
                : String.format(Locale.ROOT, "%.3f ms", budget.toNanos() / 1e6);
    }

    private static int maxFirings(String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(MAX_FIRINGS, value, FIRINGS_ACCEPTED);
    }

    private static Duration budget(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Duration parsed = null;
        Matcher matcher = SHORT_DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            parsed = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        } else if (text.startsWith("pt")) {
            try {
                parsed = Duration.parse(text);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        if (parsed == null || parsed.compareTo(Duration.ofMillis(1)) < 0 || parsed.compareTo(LONGEST) > 0) {
            throw bad(BUDGET, value, BUDGET_ACCEPTED);
        }
        return parsed;
    }

    private static boolean failOpen(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "fail-open" -> true;
            case "fail-closed" -> false;
            default -> throw bad(ON_LIMIT, value, ON_LIMIT_ACCEPTED);
        };
    }

    private static TutkaException bad(String setting, String value, String accepted) {
        return new TutkaException(ErrorCode.CONFIGURATION, "setting '" + setting + "' is '"
                + Redact.identityCodes(value) + "': " + accepted);
    }
}
