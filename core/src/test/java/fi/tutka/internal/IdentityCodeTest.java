package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.spi.HmacKey;
import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Identity codes here use individual numbers 900–999 only (temporary codes), as the design requires. */
class IdentityCodeTest {
    private static final String CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /** A code and the birth date it was built from. */
    record Sample(String code, LocalDate birthDate, int individual, char sign) {
    }

    // ---- the check character -------------------------------------------------------------------------------------

    @Test
    void checkCharacterMatchesValuesComputedOutsideJava() {
        // python3: "0123456789ABCDEFHJKLMNPRSTUVWXY"[int("100190999") % 31] and so on
        assertThat(IdentityCode.checkCharacter(LocalDate.of(1990, 1, 10), 999)).isEqualTo('P');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(2003, 2, 1), 987)).isEqualTo('V');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(2000, 2, 29), 950)).isEqualTo('Y');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(1999, 12, 31), 900)).isEqualTo('8');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(1980, 1, 1), 900)).isEqualTo('4');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(1975, 6, 15), 912)).isEqualTo('9');
        assertThat(IdentityCode.checkCharacter(LocalDate.of(2024, 2, 29), 912)).isEqualTo('X');
    }

    @Property
    void checkCharacterIsTheDigitsModulo31(@ForAll("birthDates") LocalDate birth,
            @ForAll @IntRange(min = 900, max = 999) int individual) {
        String digits = String.format("%02d%02d%02d%03d", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, individual);
        char expected = CHECK_CHARACTERS.charAt((int) (Long.parseLong(digits) % 31));

        assertThat(IdentityCode.checkCharacter(birth, individual)).isEqualTo(expected);
    }

    // ---- valid codes ---------------------------------------------------------------------------------------------

    @Property
    void aCodeBuiltForAnyBirthDateParsesBackToThatDate(@ForAll("samples") Sample sample) {
        IdentityCode.Parsed parsed = IdentityCode.parse(sample.code());

        assertThat(parsed.birthDate()).isEqualTo(sample.birthDate());
        assertThat(parsed.temporary()).isTrue();
    }

    @Property
    void everyOtherCheckCharacterIsRejectedWithoutRepeatingTheCode(@ForAll("samples") Sample sample) {
        char right = sample.code().charAt(10);
        for (char wrong : (CHECK_CHARACTERS + "GIOQZ").toCharArray()) {
            if (wrong == right) {
                continue;
            }
            String code = sample.code().substring(0, 10) + wrong;
            assertThatThrownBy(() -> IdentityCode.parse(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("identity code's check character does not match")
                    .hasMessageNotContaining(code)
                    .hasMessageNotContaining(code.substring(0, 6));
        }
    }

    @Property(tries = 200)
    void aDifferentCenturySignIsRejectedOrGivesAnotherBirthDate(@ForAll("samples") Sample sample) {
        // the century sign is not in the checked digits: swapping it between centuries must move the birth date
        for (char sign : "+-YXWVUABCDEF".toCharArray()) {
            String code = sample.code().substring(0, 6) + sign + sample.code().substring(7);
            int century = century(sign);
            LocalDate moved;
            try {
                moved = LocalDate.of(century + sample.birthDate().getYear() % 100,
                        sample.birthDate().getMonthValue(), sample.birthDate().getDayOfMonth());
            } catch (java.time.DateTimeException e) {
                // 29 Feb of 2000 with a 1900s sign
                assertThatThrownBy(() -> IdentityCode.parse(code))
                        .hasMessage("identity code holds an impossible birth date");
                continue;
            }
            assertThat(IdentityCode.parse(code).birthDate()).isEqualTo(moved);
        }
    }

    @ParameterizedTest
    @ValueSource(chars = {'-', 'Y', 'X', 'W', 'V', 'U'})
    void every1900sSign(char sign) {
        assertThat(IdentityCode.parse("100190" + sign + "999P"))
                .isEqualTo(new IdentityCode.Parsed(LocalDate.of(1990, 1, 10), true));
    }

    @ParameterizedTest
    @ValueSource(chars = {'A', 'B', 'C', 'D', 'E', 'F'})
    void every2000sSign(char sign) {
        assertThat(IdentityCode.parse("010203" + sign + "987V"))
                .isEqualTo(new IdentityCode.Parsed(LocalDate.of(2003, 2, 1), true));
    }

    @Test
    void the1800sSign() {
        assertThat(IdentityCode.parse("010180+900" + '4'))
                .isEqualTo(new IdentityCode.Parsed(LocalDate.of(1880, 1, 1), true));
    }

    @Test
    void signsOfTheSameCenturyAreBothValidButStayDistinctPeople() {
        IdentityCode.Parsed dash = IdentityCode.parse("100190-999P");
        IdentityCode.Parsed y = IdentityCode.parse("100190Y999P");
        assertThat(dash).isEqualTo(new IdentityCode.Parsed(LocalDate.of(1990, 1, 10), true));
        assertThat(y).isEqualTo(dash);

        // same birth date, but two people: their pseudonyms differ
        Pseudonymizer pseudonyms = new Pseudonymizer(new HmacKey("179-test", new byte[32]));
        assertThat(pseudonyms.hex("100190-999P")).isNotEqualTo(pseudonyms.hex("100190Y999P"));
    }

    @Test
    void leapDays() {
        assertThat(IdentityCode.parse("290224A912X").birthDate()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(IdentityCode.parse("290200A912R").birthDate()).isEqualTo(LocalDate.of(2000, 2, 29));
    }

    // ---- invalid codes -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "310490-912V", // 31 April (check character right for the digits)
        "290223A912N", // 29 Feb in the common year 2023
        "290200-912R", // 29 Feb 1900: not a leap year (the same digits are valid with A: 2000 is)
    })
    void impossibleDates(String code) {
        assertThatThrownBy(() -> IdentityCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identity code holds an impossible birth date")
                .hasMessageNotContaining(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000190-999", "320190-999", "101390-999", "100090-999", "310690-999", "300290-999"})
    void impossibleDatesWhateverTheCheckCharacter(String first10) {
        for (char check : CHECK_CHARACTERS.toCharArray()) {
            String code = first10 + check;
            assertThatThrownBy(() -> IdentityCode.parse(code))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("identity code holds an impossible birth date")
                    .hasMessageNotContaining(code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "100190-999", "100190-999PP", "100190-9999P", " 100190-999P", "100190-999P "})
    void wrongLength(String code) {
        assertThatThrownBy(() -> IdentityCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identity code must have 11 characters, has " + code.length());
        if (code.length() >= 10) {
            assertThatThrownBy(() -> IdentityCode.parse(code)).hasMessageNotContaining(code.strip());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1O0190-999P", "A00190-999P", "10019O-999P", "100190-9O9P", "100190-99AP", "100190-a99P",
        "10 190-999P", "10019٠-999P"})
    void lettersInDigitPositions(String code) {
        assertThatThrownBy(() -> IdentityCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identity code must have digits in positions 1-6 and 8-10")
                .hasMessageNotContaining(code);
    }

    @ParameterizedTest
    @ValueSource(chars = {'Z', 'G', 'T', '/', '*', '0', ' ', '_', 'a', 'y', 'Ä'})
    void unknownCenturySign(char sign) {
        String code = "100190" + sign + "999P";
        assertThatThrownBy(() -> IdentityCode.parse(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("identity code has an unknown century sign in position 7")
                .hasMessageNotContaining(code);
    }

    // ---- generators ----------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<LocalDate> birthDates() {
        return Arbitraries.longs()
                .between(LocalDate.of(1850, 1, 1).toEpochDay(), LocalDate.of(2025, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay)
                .edgeCases(c -> c.add(LocalDate.of(1900, 2, 28), LocalDate.of(2000, 2, 29),
                        LocalDate.of(1899, 12, 31), LocalDate.of(1900, 1, 1), LocalDate.of(1999, 12, 31),
                        LocalDate.of(2000, 1, 1), LocalDate.of(2024, 2, 29)));
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<Integer> individuals = Arbitraries.integers().between(900, 999);
        Arbitrary<Integer> signIndex = Arbitraries.integers().between(0, 5);
        return Combinators.combine(birthDates(), individuals, signIndex).as((birth, individual, index) -> {
            char sign = signFor(birth.getYear(), index);
            String code = String.format("%02d%02d%02d%c%03d%c", birth.getDayOfMonth(), birth.getMonthValue(),
                    birth.getYear() % 100, sign, individual, IdentityCode.checkCharacter(birth, individual));
            return new Sample(code, birth, individual, sign);
        });
    }

    private static char signFor(int year, int index) {
        if (year < 1900) {
            return '+';
        }
        return year < 2000 ? "-YXWVU".charAt(index) : "ABCDEF".charAt(index);
    }

    private static int century(char sign) {
        return sign == '+' ? 1800 : "-YXWVU".indexOf(sign) >= 0 ? 1900 : 2000;
    }
}
