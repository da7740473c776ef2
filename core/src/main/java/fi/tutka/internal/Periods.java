package fi.tutka.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Dates as the research contracts count them: the Helsinki date of an instant, and ages and spells by the Finnish
 * rule for periods (a period ending on a day its month lacks ends on the month's last day, which is what
 * {@link LocalDate#plusYears} and {@link LocalDate#plusMonths} do).
 */
public final class Periods {
    public static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private Periods() {
    }

    public static LocalDate helsinkiDate(Instant instant) {
        return instant.atZone(HELSINKI).toLocalDate();
    }

    /** Whole years from {@code birth} to {@code on}: age N is reached on {@code birth.plusYears(N)}. */
    public static int ageOn(LocalDate birth, LocalDate on) {
        int years = on.getYear() - birth.getYear();
        if (birth.plusYears(years).isAfter(on)) {
            years--;
        }
        return years;
    }

    /** Whole months from {@code start} to {@code on}: M months are complete on {@code start.plusMonths(M)}. */
    public static int completeMonths(LocalDate start, LocalDate on) {
        int months = (on.getYear() - start.getYear()) * 12 + on.getMonthValue() - start.getMonthValue();
        if (start.plusMonths(months).isAfter(on)) {
            months--;
        }
        return months;
    }

    /** The half-year a date falls in: {@code 2026H1} (1 Jan–30 Jun) or {@code 2026H2}. */
    public static String halfYear(LocalDate date) {
        return date.getYear() + (date.getMonthValue() <= 6 ? "H1" : "H2");
    }
}
