package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.internal.Evaluator;
import fi.tutka.internal.RuleLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodebookTest {

    @Test
    void theQualityFlagsTheEngineSetsItselfAreDescribedInTheCodebook() {
        Codebook.Column flags = Codebook.get().columns("events.csv").stream()
                .filter(column -> column.variable().equals("quality_flags")).findFirst().orElseThrow();

        String values = flags.codebookRow(Set.of()).get(6);

        assertThat(Arrays.asList(values.split("\\|"))).contains(
                RuleLimits.INCOMPLETE_FLAG + "=säännöt pysäytettiin rajalla (liian monta suorituskertaa tai aikaraja); "
                        + "tunnisteita tai lippuja voi puuttua / the rules were stopped at a limit (too many firings "
                        + "or the time budget); tags or flags may be missing",
                Evaluator.ARM_CONTRADICTION_FLAG + "=päätös on ristiriidassa asiakkaan koeryhmän kanssa / the "
                        + "decision contradicts the client's trial arm");
    }

    @Test
    void aRowsUnlistedValuesAreFoundItemByItemWhereAValueListCanHoldThem() {
        List<Codebook.Column> columns = Codebook.get().columns("events.csv");
        List<String> cells = new ArrayList<>(Collections.nCopies(columns.size(), ""));
        Map<String, String> row = Map.of("local_service_code", "ZZ-1", "funding", "state", "language_group", "ru",
                "benefit_type", "none", "statutory_basis", "local|act", "quality_flags",
                "unknown_language_group;local_check");
        for (int i = 0; i < columns.size(); i++) {
            cells.set(i, row.getOrDefault(columns.get(i).variable(), ""));
        }

        assertThat(Codebook.Unlisted.inRow(columns, cells))
                .containsExactly("language_group=ru", "quality_flags=local_check");
        assertThat(Codebook.Unlisted.inRow(columns, Collections.nCopies(columns.size(), ""))).isEmpty();
    }
}
