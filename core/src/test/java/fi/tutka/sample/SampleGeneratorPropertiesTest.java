package fi.tutka.sample;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.api.ServiceDecision;
import fi.tutka.internal.Periods;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SampleGeneratorPropertiesTest {
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\":\"([^\"]*)\"");

    @Property(tries = 8)
    void anySeedAreaAndHalfYearGivesConsistentOutput(@ForAll long seed, @ForAll boolean tampere,
            @ForAll @IntRange(min = 2025, max = 2035) int year, @ForAll @IntRange(min = 1, max = 2) int half,
            @ForAll @LongRange(min = 1, max = 4) long scaleInHundredths) {
        String area = tampere ? "837" : "179";
        double scale = scaleInHundredths / 100.0;
        SampleGeneratorTest.Run run = SampleGeneratorTest.generate(area, year, half, seed, scale);

        assertThat(run.text()).isEqualTo(SampleGeneratorTest.text(area, year, half, seed, scale));
        assertThat(run.stats().lines()).isEqualTo(run.lines().size());
        assertThat(run.valid()).hasSize(run.stats().valid());
        assertThat(run.rejectedByKind()).isEqualTo(SampleGeneratorTest.nonZero(run.stats().invalidByKind()));
        assertThat(run.stats().invalidByKind().values()).allSatisfy(n -> assertThat(n).isPositive());

        LocalDate first = LocalDate.of(year, half == 1 ? 1 : 7, 1);
        LocalDate last = half == 1 ? LocalDate.of(year, 6, 30) : LocalDate.of(year, 12, 31);
        Set<String> ids = new HashSet<>();
        for (ServiceDecision d : run.valid()) {
            assertThat(ids.add(d.decisionId())).isTrue();
            assertThat(d.decisionId()).startsWith(area + "-" + year + "H" + half + "-");
            assertThat(Periods.helsinkiDate(d.decisionTime())).isEqualTo(d.decisionDate()).isBetween(first, last);
            int age = Periods.ageOn(fi.tutka.internal.IdentityCode.parse(d.clientId()).birthDate(), d.decisionDate());
            assertThat(age).isBetween(17, 67);
            assertThat(d.clientId().charAt(6)).isNotEqualTo('+');
        }
        for (String line : run.lines()) {
            Matcher m = CLIENT_ID.matcher(line);
            if (m.find() && m.group(1).length() >= 10) {
                assertThat(Integer.parseInt(m.group(1).substring(7, 10))).isBetween(900, 999);
            }
        }
    }
}
