package fi.tutka.sample;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Finnish working days of one period, each with a relative volume of decisions (lower in July and around
 * Christmas), and weighted picks among them.
 */
final class WorkCalendar {
    private final LocalDate[] days;
    private final double[] cumulative;

    WorkCalendar(LocalDate first, LocalDate last) {
        List<LocalDate> list = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                list.add(d);
            }
        }
        days = list.toArray(new LocalDate[0]);
        cumulative = new double[days.length];
        double sum = 0;
        for (int i = 0; i < days.length; i++) {
            sum += volume(days[i]);
            cumulative[i] = sum;
        }
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    /**
     * Finnish public holidays that can fall on a weekday: New Year's Day, Epiphany, Good Friday, Easter Monday,
     * May Day, Ascension Day, Midsummer Eve (the Friday from 19 to 25 June, a de facto holiday), Independence Day,
     * Christmas Eve, Christmas Day and Boxing Day. (Midsummer Day and All Saints' Day are always Saturdays.)
     */
    static boolean isPublicHoliday(LocalDate date) {
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        if (month == 1 && (day == 1 || day == 6) || month == 5 && day == 1
                || month == 12 && (day == 6 || day == 24 || day == 25 || day == 26)) {
            return true;
        }
        if (month == 6 && day >= 19 && day <= 25 && date.getDayOfWeek() == DayOfWeek.FRIDAY) {
            return true;
        }
        LocalDate easter = easterSunday(date.getYear());
        return date.equals(easter.minusDays(2)) || date.equals(easter.plusDays(1)) || date.equals(easter.plusDays(39));
    }

    static boolean isWorkingDay(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !isPublicHoliday(date);
    }

    /** The relative number of decisions made on a working day. */
    static double volume(LocalDate date) {
        int day = date.getDayOfMonth();
        double weight;
        switch (date.getMonthValue()) {
            case 1:
                weight = day <= 9 ? 0.75 : 1.05;
                break;
            case 6:
                weight = day < 19 ? 0.9 : 0.6;
                break;
            case 7:
                weight = 0.35;
                break;
            case 8:
                weight = day <= 10 ? 0.7 : 1.05;
                break;
            case 12:
                weight = day < 19 ? 1.0 : 0.35;
                break;
            default:
                weight = 1.05;
        }
        if (date.getDayOfWeek() == DayOfWeek.MONDAY) {
            weight *= 1.1;
        } else if (date.getDayOfWeek() == DayOfWeek.FRIDAY) {
            weight *= 0.85;
        }
        return weight;
    }

    int size() {
        return days.length;
    }

    int last() {
        return days.length - 1;
    }

    LocalDate day(int index) {
        return days[index];
    }

    /** The index of the first working day on or after {@code date}, or {@link #size()} if there is none. */
    int firstOnOrAfter(LocalDate date) {
        int i = Arrays.binarySearch(days, date);
        return i >= 0 ? i : -i - 1;
    }

    /** A working day from {@code from} to {@code to} (indexes, inclusive), picked by volume. */
    int pick(SplittableRandom random, int from, int to) {
        double base = from == 0 ? 0 : cumulative[from - 1];
        double u = base + random.nextDouble() * (cumulative[to] - base);
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
