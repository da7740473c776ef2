package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PeriodsTest {

    // ---- ages ----------------------------------------------------------------------------------------------------

    @Property
    void ageIsTheLastBirthdayReachedByTheFinnishRule(@ForAll("dates") LocalDate birth, @ForAll("dates") LocalDate on) {
        Assume.that(!on.isBefore(birth));

        int age = Periods.ageOn(birth, on);

        assertThat(age).isNotNegative();
        assertThat(birth.plusYears(age)).isBeforeOrEqualTo(on);
        assertThat(birth.plusYears(age + 1L)).isAfter(on);
    }

    @Test
    void bornOnALeapDayTurnsOlderOnThe28thOfFebruaryInCommonYears() {
        LocalDate birth = LocalDate.of(2004, 2, 29);
        assertThat(Periods.ageOn(birth, LocalDate.of(2026, 2, 27))).isEqualTo(21);
        assertThat(Periods.ageOn(birth, LocalDate.of(2026, 2, 28))).isEqualTo(22);
        assertThat(Periods.ageOn(birth, LocalDate.of(2026, 3, 1))).isEqualTo(22);
        assertThat(Periods.ageOn(birth, LocalDate.of(2028, 2, 28))).isEqualTo(23);
        assertThat(Periods.ageOn(birth, LocalDate.of(2028, 2, 29))).isEqualTo(24);
    }

    @Test
    void agesAroundAnOrdinaryBirthday() {
        LocalDate birth = LocalDate.of(1990, 1, 10);
        assertThat(Periods.ageOn(birth, birth)).isZero();
        assertThat(Periods.ageOn(birth, LocalDate.of(2015, 1, 9))).isEqualTo(24);
        assertThat(Periods.ageOn(birth, LocalDate.of(2015, 1, 10))).isEqualTo(25);
        assertThat(Periods.ageOn(birth, LocalDate.of(2015, 12, 31))).isEqualTo(25);
    }

    // ---- spells --------------------------------------------------------------------------------------------------

    @Property
    void completeMonthsFollowPlusMonths(@ForAll("dates") LocalDate start, @ForAll("dates") LocalDate on) {
        Assume.that(!on.isBefore(start));

        int months = Periods.completeMonths(start, on);

        assertThat(months).isNotNegative();
        assertThat(start.plusMonths(months)).isBeforeOrEqualTo(on);
        assertThat(start.plusMonths(months + 1L)).isAfter(on);
    }

    @Test
    void aSpellFromTheLastDayOfNovember() {
        LocalDate start = LocalDate.of(2025, 11, 30);
        // Nov 30 + 2 months = Jan 30, so on Jan 29 only one month is complete
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 12, 29))).isZero();
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 12, 30))).isEqualTo(1);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 1, 29))).isEqualTo(1);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 1, 30))).isEqualTo(2);
        // Nov 30 + 3 months = Feb 28 (February lacks the 30th)
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 2, 27))).isEqualTo(2);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 2, 28))).isEqualTo(3);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 3, 29))).isEqualTo(3);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 3, 30))).isEqualTo(4);
    }

    @Test
    void aSpellFromTheLastDayOfJanuary() {
        LocalDate start = LocalDate.of(2025, 1, 31);
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 2, 27))).isZero();
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 2, 28))).isEqualTo(1);
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 3, 30))).isEqualTo(1);
        assertThat(Periods.completeMonths(start, LocalDate.of(2025, 3, 31))).isEqualTo(2);
        assertThat(Periods.completeMonths(start, LocalDate.of(2026, 1, 31))).isEqualTo(12);
    }

    // ---- the Helsinki date ---------------------------------------------------------------------------------------

    @Test
    void helsinkiDateInSummerTime() {
        // EEST, +03:00
        assertThat(Periods.helsinkiDate(Instant.parse("2026-06-30T20:30:00Z"))).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-06-30T20:59:59Z"))).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-06-30T21:00:00Z"))).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-06-30T21:30:00Z"))).isEqualTo(LocalDate.of(2026, 7, 1));
    }

    @Test
    void helsinkiDateInWinterTime() {
        // EET, +02:00
        assertThat(Periods.helsinkiDate(Instant.parse("2025-12-31T21:59:59Z"))).isEqualTo(LocalDate.of(2025, 12, 31));
        assertThat(Periods.helsinkiDate(Instant.parse("2025-12-31T22:30:00Z"))).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-01-15T21:30:00Z"))).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-01-15T22:30:00Z"))).isEqualTo(LocalDate.of(2026, 1, 16));
    }

    @Test
    void helsinkiDateAroundTheSpringChange() {
        // clocks go from 03:00 to 04:00 on 29 March 2026 (01:00Z); before that +02:00, after +03:00
        assertThat(Periods.helsinkiDate(Instant.parse("2026-03-28T21:59:59Z"))).isEqualTo(LocalDate.of(2026, 3, 28));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-03-28T22:00:00Z"))).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-03-29T20:59:59Z"))).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(Periods.helsinkiDate(Instant.parse("2026-03-29T21:00:00Z"))).isEqualTo(LocalDate.of(2026, 3, 30));
    }

    // ---- half-years ----------------------------------------------------------------------------------------------

    @Test
    void halfYears() {
        assertThat(Periods.halfYear(LocalDate.of(2026, 1, 1))).isEqualTo("2026H1");
        assertThat(Periods.halfYear(LocalDate.of(2026, 6, 30))).isEqualTo("2026H1");
        assertThat(Periods.halfYear(LocalDate.of(2026, 7, 1))).isEqualTo("2026H2");
        assertThat(Periods.halfYear(LocalDate.of(2026, 12, 31))).isEqualTo("2026H2");
        assertThat(Periods.halfYear(LocalDate.of(2027, 1, 1))).isEqualTo("2027H1");
    }

    @Property
    void halfYearSplitsAtTheFirstOfJuly(@ForAll("dates") LocalDate date) {
        boolean first = date.isBefore(LocalDate.of(date.getYear(), 7, 1));
        assertThat(Periods.halfYear(date)).isEqualTo(date.getYear() + (first ? "H1" : "H2"));
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs()
                .between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2040, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay)
                .edgeCases(c -> c.add(LocalDate.of(2004, 2, 29), LocalDate.of(2025, 1, 31),
                        LocalDate.of(2025, 11, 30), LocalDate.of(2026, 2, 28), LocalDate.of(2000, 2, 29)));
    }
}
