package fi.tutka.sidecar;

import fi.tutka.providers.FileKeyProvider;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import fi.tutka.scenarios.Scenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Test decisions and the settings of a sidecar on temporary files. Identity codes: individual numbers 900-999. */
final class Decisions {
    /** Born 1998-03-15: 28 in the autumn of 2026, in the youth trial's age range. */
    static final String YOUNG = Scenarios.identityCode(LocalDate.of(1998, 3, 15), '-', 931);
    /** Born 1970-06-01. */
    static final String OLDER = Scenarios.identityCode(LocalDate.of(1970, 6, 1), '-', 942);

    private Decisions() {
    }

    /** A job-search discussion in area 179 in January 2026: outside every trial. */
    static String discussion(String id, String clientId) {
        return "{\"decision_id\":\"" + id + "\",\"area\":\"179\",\"client_id\":\"" + clientId + "\","
                + "\"event_type\":\"decision\",\"service_code\":\"THK\",\"decision_date\":\"2026-01-12\","
                + "\"decision_time\":\"2026-01-12T09:30:00+02:00\",\"client\":{\"municipality\":\"179\","
                + "\"jobseeker_status\":\"02\",\"unemployment_start\":\"2025-06-01\",\"education_level\":\"3\","
                + "\"language_group\":\"fi\",\"benefit_type\":\"none\"}}";
    }

    /** A job-search discussion in October 2026 of a young client unemployed since January: eligible for the youth trial. */
    static String inYouthTrial(String id, String clientId) {
        return "{\"decision_id\":\"" + id + "\",\"area\":\"179\",\"client_id\":\"" + clientId + "\","
                + "\"event_type\":\"decision\",\"service_code\":\"THK\",\"decision_date\":\"2026-10-05\","
                + "\"decision_time\":\"2026-10-05T09:30:00+03:00\",\"client\":{\"municipality\":\"179\","
                + "\"jobseeker_status\":\"02\",\"unemployment_start\":\"2026-01-02\",\"education_level\":\"3\","
                + "\"language_group\":\"fi\",\"benefit_type\":\"none\"}}";
    }

    /** Settings of a sidecar on files in {@code dir} on a random port, with a key file made beforehand. */
    static Map<String, String> settings(Path dir) {
        Path keys = dir.resolve("keys.properties");
        if (!Files.exists(keys)) {
            // Every key made now, trial keys too: a copy of the file then gives another engine the same arms.
            FileKeyProvider provider = new FileKeyProvider(keys, true, Clock.systemUTC());
            provider.pseudonymKey("179");
            provider.trialKey("youth-coaching-2026");
            provider.trialKey("older-long-term-unemployed-2026");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("micronaut.server.port", "-1");
        settings.put("tutka.sink.dir", dir.resolve("records").toString());
        settings.put("tutka.keys.file", keys.toString());
        settings.put("tutka.allocations.url", JdbcAllocationStoreFactory.h2FileUrl(dir.resolve("ledger/allocations")));
        settings.put("tutka.vault.url", JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("vault/identities")));
        return settings;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("tutka-sidecar-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
