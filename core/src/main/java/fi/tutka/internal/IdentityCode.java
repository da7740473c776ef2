package fi.tutka.internal;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The Finnish personal identity code (henkilötunnus): {@code DDMMYY C NNN Q}. Checks are made on the upper-cased
 * code. Messages never repeat the code.
 */
public final class IdentityCode {
    private static final String CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /** What a valid code tells: the birth date and whether the individual number is temporary (900–999). */
    public record Parsed(LocalDate birthDate, boolean temporary) {
    }

    private IdentityCode() {
    }

    /** Parses an upper-cased code; throws {@link IllegalArgumentException} with a reason that omits the code. */
    public static Parsed parse(String code) {
        if (code.length() != 11) {
            throw new IllegalArgumentException("identity code must have 11 characters, has " + code.length());
        }
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 7, 8, 9}) {
            if (!isDigit(code.charAt(i))) {
                throw new IllegalArgumentException("identity code must have digits in positions 1-6 and 8-10");
            }
        }
        int century = century(code.charAt(6));
        if (century < 0) {
            throw new IllegalArgumentException("identity code has an unknown century sign in position 7");
        }
        int day = number(code, 0, 2);
        int month = number(code, 2, 4);
        int year = century + number(code, 4, 6);
        LocalDate birthDate;
        try {
            birthDate = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("identity code holds an impossible birth date");
        }
        int individual = number(code, 7, 10);
        if (individual < 2) {
            throw new IllegalArgumentException("identity code has an individual number below 002");
        }
        int checked = number(code, 0, 6) * 1000 + individual;
        if (CHECK_CHARACTERS.charAt(checked % 31) != code.charAt(10)) {
            throw new IllegalArgumentException("identity code's check character does not match");
        }
        return new Parsed(birthDate, individual >= 900);
    }

    /** The check character for the first ten characters of a code (used by the sample generator). */
    public static char checkCharacter(LocalDate birthDate, int individualNumber) {
        int value = (birthDate.getDayOfMonth() * 10000 + birthDate.getMonthValue() * 100 + birthDate.getYear() % 100)
                * 1000 + individualNumber;
        return CHECK_CHARACTERS.charAt(value % 31);
    }

    private static int century(char sign) {
        switch (sign) {
            case '+':
                return 1800;
            case '-': case 'Y': case 'X': case 'W': case 'V': case 'U':
                return 1900;
            case 'A': case 'B': case 'C': case 'D': case 'E': case 'F':
                return 2000;
            default:
                return -1;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String code, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (code.charAt(i) - '0');
        }
        return value;
    }
}
