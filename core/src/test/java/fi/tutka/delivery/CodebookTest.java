package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.internal.Evaluator;
import fi.tutka.internal.RuleLimits;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodebookTest {

    @Test
    void theQualityFlagsTheEngineSetsItselfAreDescribedInTheCodebook() {
        Codebook.Column flags = Codebook.get().columns("events.csv").stream()
                .filter(column -> column.variable().equals("quality_flags")).findFirst().orElseThrow();

        String values = flags.codebookRow(Map.of()).get(6);

        assertThat(Arrays.asList(values.split("\\|"))).contains(
                RuleLimits.INCOMPLETE_FLAG + "=säännöt pysäytettiin rajalla (liian monta suorituskertaa tai aikaraja); "
                        + "tunnisteita tai lippuja voi puuttua / the rules were stopped at a limit (too many firings "
                        + "or the time budget); tags or flags may be missing",
                Evaluator.ARM_CONTRADICTION_FLAG + "=päätös on ristiriidassa asiakkaan koeryhmän kanssa / the "
                        + "decision contradicts the client's trial arm");
    }
}
