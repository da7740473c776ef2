package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.ServedAreas;
import fi.tutka.providers.FileKeyProvider;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installation serves known areas: a decision of another area is refused before any key is made for it. */
class ServedAreasTest {
    static final String DEFAULT_REFUSAL = "is not an area this Tutka serves: this Tutka serves areas 179, 837 "
            + "(setting tutka.areas)";

    @TempDir
    Path dir;

    private final List<TutkaRecord> written = new CopyOnWriteArrayList<>();
    private final MemoryVault vault = new MemoryVault();

    private Tutka engine(Settings settings, Function<Tutka.Builder, Tutka.Builder> more) {
        return more.apply(Tutka.builder().discovery(false).settings(settings)
                .ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES))
                .keyProvider(new FileKeyProvider(dir.resolve("keys.properties"), true, Clock.systemUTC()))
                .recordSink(written::addAll).identityVault(vault)).build();
    }

    private static ServiceDecision inArea(String id, String area) {
        ServiceDecision d = TestDecisions.valid(id);
        return new ServiceDecision(d.decisionId(), area, d.clientId(), d.eventType(), d.serviceCode(),
                d.decisionDate(), d.startDate(), d.endDate(), d.cost(), d.funding(), d.decisionTime(), d.client());
    }

    private String keys() throws IOException {
        Path file = dir.resolve("keys.properties");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static TutkaException rejected(Runnable evaluation) {
        TutkaException e = catchThrowableOfType(TutkaException.class, evaluation::run);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DECISION);
        return e;
    }

    @Test
    void byDefaultTheAreasOfTheBundledTableAreServed() {
        assertThat(ServedAreas.bundled()).containsExactly("179", "837");
        try (Tutka tutka = engine(Settings.empty(), b -> b)) {
            assertThat(tutka.areas()).containsExactly("179", "837");
        }
    }

    @Test
    void aDecisionOfAnotherAreaIsRejectedAndMakesNoKey() throws IOException {
        try (Tutka tutka = engine(Settings.empty(), b -> b)) {
            TutkaException e = rejected(() -> tutka.evaluate(inArea("D-1", "999")));
            assertThat(e.fieldErrors()).containsExactly(new FieldError("/area", DEFAULT_REFUSAL));
            assertThat(keys()).doesNotContain("999");

            tutka.evaluate(inArea("D-2", "837"));
        }
        assertThat(written).hasSize(1);
        assertThat(vault.codes).hasSize(1);
        assertThat(keys()).contains("current.837=").doesNotContain("999").doesNotContain("current.179");
    }

    @Test
    void everyOffendingFieldIsNamedAtOnce() {
        ServiceDecision d = inArea("D-3", "999");
        ServiceDecision worse = new ServiceDecision(d.decisionId(), d.area(), d.clientId(), d.eventType(), "PT 50",
                d.decisionDate(), d.startDate(), d.endDate(), d.cost(), d.funding(), d.decisionTime(), d.client());
        try (Tutka tutka = engine(Settings.empty(), b -> b)) {
            assertThat(rejected(() -> tutka.evaluate(worse)).fieldErrors()).extracting(FieldError::pointer)
                    .containsExactly("/service_code", "/area");
            // in a batch, the decision is rejected and the others are written
            assertThat(tutka.evaluateAll(List.of(inArea("D-4", "179"), d)).get(1).errors())
                    .containsExactly(new FieldError("/area", DEFAULT_REFUSAL));
        }
        assertThat(written).hasSize(1);
    }

    @Test
    void theSettingNamesTheAreasAndTheBuilderOverridesIt() throws IOException {
        Settings settings = Settings.of(Map.of(ServedAreas.SETTING, " 091 ,179"));
        try (Tutka tutka = engine(settings, b -> b)) {
            assertThat(tutka.areas()).containsExactly("091", "179");
            tutka.evaluate(inArea("D-5", "091"));
            assertThat(rejected(() -> tutka.evaluate(inArea("D-6", "837"))).fieldErrors()).containsExactly(
                    new FieldError("/area", "is not an area this Tutka serves: this Tutka serves areas 091, 179 "
                            + "(setting tutka.areas)"));
        }
        try (Tutka tutka = engine(settings, b -> b.areas(List.of("837")))) {
            tutka.evaluate(inArea("D-7", "837"));
            assertThat(rejected(() -> tutka.evaluate(inArea("D-8", "091"))).fieldErrors()).containsExactly(
                    new FieldError("/area", "is not an area this Tutka serves: this Tutka serves area 837 "
                            + "(setting tutka.areas)"));
        }
        assertThat(keys()).contains("current.091=").contains("current.837=").doesNotContain("current.179");
    }

    @Test
    void aWrongSettingStopsTheBuildNamingIt() {
        for (String value : new String[] {"179,17", "179,,837", "179;837", "kaikki"}) {
            TutkaException e = catchThrowableOfType(TutkaException.class,
                    () -> engine(Settings.of(Map.of(ServedAreas.SETTING, value)), b -> b).close());
            assertThat(e.code()).as(value).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).as(value).startsWith("CONFIGURATION: setting tutka.areas: '")
                    .endsWith("' is not an area code: give the areas' 3-digit host municipality codes, separated by "
                            + "commas, such as 179,837");
        }
        TutkaException none = catchThrowableOfType(TutkaException.class,
                () -> engine(Settings.empty(), b -> b.areas(List.of())).close());
        assertThat(none.getMessage()).isEqualTo("CONFIGURATION: areas(...) names no area: give the 3-digit codes of "
                + "the areas this Tutka serves, separated by commas, such as 179,837");
    }

    @Test
    void aSubjectIsMadeOnlyInAnAreaServed() throws IOException {
        try (Tutka tutka = engine(Settings.empty(), b -> b)) {
            TutkaException e = rejected(() -> tutka.subject("999", TestDecisions.CLIENT_ID));
            assertThat(e.fieldErrors()).containsExactly(new FieldError("/area", DEFAULT_REFUSAL));
            assertThat(keys()).doesNotContain("999");
            assertThat(tutka.subject("179", TestDecisions.CLIENT_ID)).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void theReaderAloneCannotKnowTheAreasSoTheEngineDecides() {
        ServiceDecision read = TutkaJson.readDecision(TutkaJson.write(inArea("D-9", "999")));
        try (Tutka tutka = engine(Settings.empty(), b -> b)) {
            assertThat(rejected(() -> tutka.evaluate(read)).fieldErrors())
                    .containsExactly(new FieldError("/area", DEFAULT_REFUSAL));
        }
        assertThat(written).isEmpty();
    }
}
