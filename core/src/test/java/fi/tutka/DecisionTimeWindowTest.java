package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.TutkaRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine takes no decision dated more than a day after its own clock, the clock it was built with. */
class DecisionTimeWindowTest {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final String AHEAD = "is more than a day after this Tutka's clock: a decision cannot be dated in the "
            + "future (check the client system's clock and the offset)";

    private final List<TutkaRecord> written = new CopyOnWriteArrayList<>();
    private final MemoryVault vault = new MemoryVault();

    private Tutka engine() {
        return Tutka.builder().discovery(false).ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES))
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY)).recordSink(written::addAll).identityVault(vault)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    private static ServiceDecision at(String id, Instant time) {
        ServiceDecision d = TestDecisions.valid(id);
        return new ServiceDecision(d.decisionId(), d.area(), d.clientId(), d.eventType(), d.serviceCode(),
                d.decisionDate(), d.startDate(), d.endDate(), d.cost(), d.funding(), time, d.client());
    }

    @Test
    void aDecisionUpToADayAfterTheClockIsTaken() {
        try (Tutka tutka = engine()) {
            tutka.evaluate(at("D-1", NOW.plusSeconds(86_400)));
            tutka.evaluate(at("D-2", Instant.parse("2000-01-01T00:00:00+02:00")));
        }
        assertThat(written).hasSize(2);
    }

    @Test
    void aDecisionMoreThanADayAfterTheClockIsRejectedAndWritesNothing() {
        try (Tutka tutka = engine()) {
            for (Instant time : new Instant[] {NOW.plusSeconds(86_401), NOW.plusNanos(86_400_000_000_001L),
                Instant.parse("2099-12-31T21:59:59Z")}) {
                TutkaException e = catchThrowableOfType(TutkaException.class, () -> tutka.evaluate(at("D-3", time)));
                assertThat(e).as("%s", time).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DECISION);
                assertThat(e.fieldErrors()).containsExactly(new FieldError("/decision_time", AHEAD));
            }
        }
        assertThat(written).isEmpty();
        assertThat(vault.codes).isEmpty();
    }

    @Test
    void inABatchTheFutureDecisionIsRejectedAndTheOthersWritten() {
        List<DecisionResult> results;
        try (Tutka tutka = engine()) {
            results = tutka.evaluateAll(List.of(at("D-4", NOW), at("D-5", NOW.plusSeconds(2 * 86_400)),
                    TutkaJson.readDecision(TutkaJson.write(at("D-6", NOW.minusSeconds(60))))));
        }
        assertThat(results.get(0).isAccepted()).isTrue();
        assertThat(results.get(1).errors()).containsExactly(new FieldError("/decision_time", AHEAD));
        assertThat(results.get(2).isAccepted()).isTrue();
        assertThat(written).hasSize(2);
    }

    @Test
    void theFarFutureTheReaderLetsThroughIsStillRejectedByTheEngine() {
        // the reader has no clock: it bounds years only
        ServiceDecision read = TutkaJson.readDecision(TutkaJson.write(at("D-7", NOW)).replace(
                "\"decision_time\":\"2026-03-02T12:00:00Z\"", "\"decision_time\":\"2099-06-30T09:00:00+03:00\""));
        try (Tutka tutka = engine()) {
            TutkaException e = catchThrowableOfType(TutkaException.class, () -> tutka.evaluate(read));
            assertThat(e.fieldErrors()).containsExactly(new FieldError("/decision_time", AHEAD));
        }
        assertThat(written).isEmpty();
    }
}
