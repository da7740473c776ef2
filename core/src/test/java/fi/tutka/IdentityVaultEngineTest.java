package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.Outcome;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Evaluator;
import fi.tutka.providers.FileKeyProvider;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import fi.tutka.spi.VaultEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine and its identity vault: every durable record has its client's identity code in the vault first. */
class IdentityVaultEngineTest {
    static final StaticKeyProvider KEYS = StaticKeyProvider.of(TutkaTest.KEY);

    @TempDir
    Path dir;

    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    <T extends AutoCloseable> T closedAfter(T closeable) {
        toClose.add(0, closeable);
        return closeable;
    }

    JdbcIdentityVault vault() {
        return closedAfter(JdbcIdentityVault.open("jdbc:h2:mem:engine-vault-" + UUID.randomUUID(), null, null, KEYS));
    }

    Tutka engine(RecordSink sink, IdentityVault vault) {
        return closedAfter(Tutka.builder().discovery(false).ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES))
                .keyProvider(KEYS).recordSink(sink).identityVault(vault).build());
    }

    static String code(int individual) {
        return TestDecisions.identityCode(LocalDate.of(1988, 5, 17), individual % 2 == 0 ? '-' : 'X', individual);
    }

    @Test
    void evaluateRemembersTheIdentityCodeBeforeTheRecordsAreAppended() {
        JdbcIdentityVault vault = vault();
        RecordSink sink = mock(RecordSink.class);
        List<Optional<String>> heldAtAppend = new ArrayList<>();
        doAnswer(call -> {
            List<TutkaRecord> records = call.getArgument(0);
            heldAtAppend.add(vault.identityCode(TutkaTest.KEY.id(), records.get(0).subject()));
            return null;
        }).when(sink).append(anyList());
        Tutka tutka = engine(sink, vault);

        Outcome outcome = tutka.evaluate(TestDecisions.valid("D-1", code(911)));

        verify(sink, times(1)).append(anyList());
        assertThat(heldAtAppend).containsExactly(Optional.of(code(911)));
        assertThat(outcome.subjectKey()).isEqualTo(TutkaTest.KEY.id());
        assertThat(vault.identityCode(outcome.subjectKey(), outcome.subject())).contains(code(911));
    }

    @Test
    void evaluateAllRemembersEveryAcceptedClientBeforeTheOneAppend() {
        JdbcIdentityVault vault = vault();
        RecordSink sink = mock(RecordSink.class);
        List<String> missingAtAppend = new ArrayList<>();
        doAnswer(call -> {
            List<TutkaRecord> records = call.getArgument(0);
            for (TutkaRecord record : records) {
                if (vault.identityCode(TutkaTest.KEY.id(), record.subject()).isEmpty()) {
                    missingAtAppend.add(record.subject());
                }
            }
            return null;
        }).when(sink).append(anyList());
        Tutka tutka = engine(sink, vault);
        String rejected = code(913).substring(0, 10) + (code(913).endsWith("A") ? "B" : "A");

        List<DecisionResult> results = tutka.evaluateAll(List.of(TestDecisions.valid("D-1", code(911)),
                TestDecisions.valid("D-2", code(912)), TestDecisions.valid("D-3", rejected),
                TestDecisions.valid("D-4", code(911))));

        verify(sink, times(1)).append(anyList());
        assertThat(missingAtAppend).isEmpty();
        assertThat(results).extracting(DecisionResult::isAccepted).containsExactly(true, true, false, true);
        assertThat(vault.identityCode(TutkaTest.KEY.id(), results.get(0).outcome().subject())).contains(code(911));
        assertThat(vault.identityCode(TutkaTest.KEY.id(), results.get(1).outcome().subject())).contains(code(912));
        assertThat(vault.identityCode(TutkaTest.KEY.id(), tutka.subject("179", code(913)))).isEmpty();
    }

    @Test
    void aVaultThatCannotRememberStopsTheRecordsAndItsErrorShowsNoIdentityCode() {
        IdentityVault failing = new IdentityVault() {
            @Override
            public void remember(List<VaultEntry> entries) {
                throw new TutkaException(ErrorCode.IO, "identity vault: could not remember " + entries);
            }

            @Override
            public Optional<String> identityCode(String subjectKey, String subject) {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
        RecordSink sink = mock(RecordSink.class);
        Tutka tutka = engine(sink, failing);

        TutkaException one = catchThrowableOfType(TutkaException.class,
                () -> tutka.evaluate(TestDecisions.valid("D-1", code(921))));
        TutkaException many = catchThrowableOfType(TutkaException.class,
                () -> tutka.evaluateAll(List.of(TestDecisions.valid("D-2", code(922)))));

        verifyNoInteractions(sink);
        assertThat(one.code()).isEqualTo(ErrorCode.IO);
        assertThat(one.getMessage()).contains("identityCode=***").doesNotContain(code(921));
        assertThat(many.getMessage()).doesNotContain(code(922));
    }

    @Test
    void anEvaluationCarriesTheEntryWithoutShowingTheCode() {
        Evaluator.Evaluation evaluation;
        try (Evaluator evaluator = new Evaluator(fi.tutka.internal.RuleCompiler.compile(List.of(
                TutkaTest.rules("test.drl", TutkaTest.RULES))), KEYS, null, fi.tutka.internal.RuleLimits.DEFAULT,
                Clock.systemUTC(), fi.tutka.internal.Intake.ANY)) {
            evaluation = evaluator.evaluate(TestDecisions.valid("D-1", code(931)));
        }

        assertThat(evaluation.identity()).isEqualTo(new VaultEntry("179", TutkaTest.KEY.id(),
                evaluation.outcome().subject(), code(931)));
        assertThat(evaluation.toString()).doesNotContain(code(931)).contains("identityCode=***");
    }

    @Test
    void withoutDiscoveryAVaultMustBeGiven() {
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> Tutka.builder().discovery(false)
                .ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES)).keyProvider(KEYS).recordSink(records -> { })
                .build());

        assertThat(e).hasMessage("PROVIDER_MISSING: discovery is off and no IdentityVault was given: pass one with "
                + "Tutka.builder().identityVault(...)");
    }

    @Test
    void aDiscoveredVaultIsMadeFromTheSettingsWithTheEngineKeysAndClosedWithTheEngine() throws Exception {
        Path keys = dir.resolve("keys.properties");
        String url = JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("vault/identities"));
        Settings settings = Settings.of(Map.of("tutka.rules", "none", "tutka.sink.dir",
                dir.resolve("records").toString(), "tutka.keys.file", keys.toString(), "tutka.vault.url", url));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Outcome outcome;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Tutka tutka = Tutka.builder().settings(settings).ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES))
                .build()) {
            outcome = tutka.evaluate(TestDecisions.valid("D-1", code(941)));
        } finally {
            System.setErr(err);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(code(941));
        assertThat(Files.readString(dir.resolve("records/tutka-records.jsonl"))).doesNotContain(code(941));
        // The engine closed its vault: the file opens again, without a server to share it through.
        try (JdbcIdentityVault reopened = JdbcIdentityVault.open(url.replace(";AUTO_SERVER=TRUE", ""), null, null,
                new FileKeyProvider(keys, false, Clock.systemUTC()))) {
            assertThat(reopened.identityCode(outcome.subjectKey(), outcome.subject())).contains(code(941));
        }
    }

    @Test
    void aVaultOfAnotherNameIsLookedForByName() {
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> Tutka.builder()
                .settings(Settings.of(Map.of("tutka.rules", "none", "tutka.vault", "hsm")))
                .ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES)).keyProvider(KEYS)
                .recordSink(new CopyOnWriteArrayList<TutkaRecord>()::addAll).build());

        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_MISSING);
        assertThat(e.getMessage()).startsWith("PROVIDER_MISSING: no IdentityVault named 'hsm' (setting 'tutka.vault'); "
                + "found [jdbc]").endsWith("Tutka.builder().identityVault(...)");
    }
}
