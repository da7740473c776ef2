package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.facts.ResearchClass;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Redact;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.Correction;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TutkaRecord;
import fi.tutka.spi.VaultEntry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryBuilderTest {
    private static final String SERVICE_EVENT = "fi.tutka.service-event.v1";
    private static final String TRIAL_ALLOCATION = "fi.tutka.trial-allocation.v1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-01T06:00:00.123Z"), ZoneOffset.UTC);
    private static final String[] FILES = {"SHA256SUMS", "allocations.csv", "codebook.csv", "episodes.csv",
        "events.csv", "linkage.csv.p7m", "manifest.json", "summary.html"};
    private static final Clock LATER = Clock.fixed(Instant.parse("2026-07-02T09:30:00Z"), ZoneOffset.UTC);

    /** The fixture's subjects: in the vault but for {@link #NOT_IN_VAULT}. */
    static final String SUBJECT_462 = "462cfce2198cbdb569b09117219e987b27e7fdd662a60a087a042786f2fd1573";
    static final String SUBJECT_7B9 = "7b956ca53ce98a5c19cbc9db29d1c2e042a24375edbb8263a4f1751d2c947981";
    static final String NOT_IN_VAULT = "98a64f16e1f6ac6c84aba541fb0693dc333edeaa4f5ae3c2e78250ed568ba776";
    static final String SUBJECT_F54 = "f54e64e6e9e4e1f2a6b91fb17670e992e153867c3cfc0436a637afee72ebb57e";
    static final StaticKeyProvider KEYS = StaticKeyProvider.of(new HmacKey("179-k2", new byte[32]),
            new HmacKey("179-k1", "tutka delivery tests, not secret!".getBytes(StandardCharsets.US_ASCII)));

    @TempDir
    static Path shared;
    static TestCertificates.Holder recipient;

    @TempDir
    Path temp;
    Path records;
    Path output;
    JdbcIdentityVault vault;

    @BeforeAll
    static void makeRecipient() throws Exception {
        recipient = TestCertificates.write(shared, "recipient", TestCertificates.rsa(2048),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"), 0);
    }

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        records = Files.createDirectory(temp.resolve("records"));
        output = Files.createDirectory(temp.resolve("out"));
        Path fixture = Path.of(DeliveryBuilderTest.class.getResource("records").toURI());
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, records.resolve(file.getFileName().toString()));
            }
        }
        vault = JdbcIdentityVault.open("jdbc:h2:mem:delivery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null,
                null, KEYS);
        vault.remember(List.of(new VaultEntry("179", "179-k1", SUBJECT_462, TestCertificates.identityCode(901)),
                new VaultEntry("179", "179-k1", SUBJECT_7B9, TestCertificates.identityCode(902)),
                new VaultEntry("179", "179-k1", SUBJECT_F54, TestCertificates.identityCode(903)),
                new VaultEntry("179", "179-k2", SUBJECT_F54, TestCertificates.identityCode(904))));
    }

    @AfterEach
    void closeVault() {
        vault.close();
    }

    private DeliveryBuilder.Builder builder(Path out, Clock clock) {
        return DeliveryBuilder.builder().records(records).area("179").period(2026, 1).output(out).clock(clock)
                .identityVault(vault).recipient(Recipient.load(recipient.certificate(), CLOCK));
    }

    private DeliveryBuilder.Result build(Path out, Clock clock) {
        return builder(out, clock).build().write();
    }

    @Test
    void selectsDeduplicatesAndCounts() {
        DeliveryBuilder.Result result = build(output, CLOCK);

        assertThat(result).isEqualTo(new DeliveryBuilder.Result(output.resolve("tutka-179-2026H1"), 11,
                new TreeMap<>(Map.of(SERVICE_EVENT, 5L, TRIAL_ALLOCATION, 1L)), 5, 5, 0, 4, 1, 2, 1, 2, 1));
        assertThat(result.recordsRead()).isEqualTo(result.otherAreaSkipped() + result.otherPeriodSkipped()
                + result.duplicatesDropped() + 5 + 1);
    }

    @Test
    void eventsCsvMatchesTheGoldenFile() throws IOException {
        Path folder = build(output, CLOCK).folder();

        byte[] actual = Files.readAllBytes(folder.resolve("events.csv"));
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(golden("expected-events.csv"));
        // RFC 4180: every record ends in CRLF, no bare line feed
        assertThat(new String(actual, StandardCharsets.UTF_8).replace("\r\n", "")).doesNotContain("\n", "\r");
    }

    @Test
    void episodesCsvMatchesTheGoldenFile() throws IOException {
        Path folder = build(output, CLOCK).folder();

        assertThat(Files.readString(folder.resolve("episodes.csv"))).isEqualTo(golden("expected-episodes.csv"));
    }

    @Test
    void readsRecordsAsTheEngineWritesThem() throws IOException {
        String subject = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";
        TreeMap<String, String> tags = new TreeMap<>(Map.of("age_55_plus", "false",
                "regime.te_reform_2025", "post", "service_class", "pay_subsidy_50"));
        ServiceEvent event = new ServiceEvent("1.0", "2026.12+66e8ed92c40c", "0.1.0-SNAPSHOT", "179", "179-k1",
                "2026H1", "start", "PT50", "pay_subsidy_50", true, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 3, 9), LocalDate.of(2026, 9, 8), new BigDecimal("9000.00"), "state", "179", "02",
                1990, 35, 400, "4", "fi", "earnings_related", null, true, tags, List.of("unknown_service_code"));
        TutkaRecord record = new TutkaRecord("e-1", "urn:tutka:area:179", "1.0", ServiceEvent.TYPE,
                Instant.parse("2026-03-02T07:15:00Z"), subject, "urn:tutka:schema:service-event:1.0",
                "application/json", event);
        Path engineRecords = Files.createDirectory(temp.resolve("engine"));
        Files.writeString(engineRecords.resolve("tutka-records.jsonl"), TutkaJson.write(record) + "\n");

        DeliveryBuilder.Result result = builder(output, CLOCK).records(engineRecords).build().write();

        List<String> lines = Files.readAllLines(result.folder().resolve("events.csv"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo("e-1," + subject + ",179-k1,179,2026H1,start,PT50,pay_subsidy_50,true,"
                + "2026-03-02,2026-03-02,2026-03-09,2026-09-08,9000.00,state,179,02,1990,35,400,4,fi,earnings_related,,"
                + "true,,,false,,te_reform_2025=post,unknown_service_code,2026.12+66e8ed92c40c,0.1.0-SNAPSHOT,1.0");
    }

    @Test
    void folderHoldsExactlyTheDeliveryFiles() throws IOException {
        Path folder = build(output, CLOCK).folder();

        assertThat(names(output)).containsExactly("tutka-179-2026H1");
        assertThat(names(folder)).containsExactly(FILES);
    }

    @Test
    void manifestHasFixedOrderAndExactValues() throws IOException {
        Path folder = build(output, CLOCK).folder();

        JsonObject manifest = readJson(folder.resolve("manifest.json"));
        assertThat(List.copyOf(manifest.keySet())).containsExactly("format", "area", "period", "created_at",
                "schema_versions", "ruleset_versions", "engine_versions", "counts", "quality_flags", "episode_flags",
                "subject_keys", "linkage", "files");
        assertThat(manifest.getString("format")).isEqualTo("tutka-delivery/2");
        assertThat(manifest.getString("area")).isEqualTo("179");
        assertThat(manifest.getString("period")).isEqualTo("2026H1");
        assertThat(manifest.getString("created_at")).isEqualTo("2026-07-01T06:00:00Z");
        assertThat(manifest.getJsonArray("schema_versions").toString()).isEqualTo("[\"1.0\"]");
        assertThat(manifest.getJsonArray("ruleset_versions").toString())
                .isEqualTo("[\"2026.12+66e8ed92c40c\",\"2026.13+0a1b2c3d4e5f\"]");
        assertThat(manifest.getJsonArray("engine_versions").toString()).isEqualTo("[\"0.1.0-SNAPSHOT\"]");
        assertThat(manifest.getJsonObject("counts").toString()).isEqualTo("{\"records_read\":11,"
                + "\"records_by_type\":{\"fi.tutka.service-event.v1\":5,\"fi.tutka.trial-allocation.v1\":1},"
                + "\"events_rows\":5,\"episodes_rows\":5,\"allocations_rows\":0,\"linkage_rows\":4,"
                + "\"linkage_missing\":1,\"duplicates_dropped\":2,\"other_area_skipped\":1,"
                + "\"other_period_skipped\":2,\"torn_lines\":1}");
        assertThat(manifest.getJsonObject("quality_flags").toString())
                .isEqualTo("{\"missing_education_level\":1,\"unknown_service_code\":2}");
        assertThat(manifest.getJsonObject("episode_flags").toString()).isEqualTo("{\"cancellation_without_decision\""
                + ":1,\"end_without_start\":1,\"repeated_referral\":1,\"start_without_decision\":1}");
        assertThat(manifest.getJsonArray("subject_keys").toString()).isEqualTo("[\"179-k1\",\"179-k2\"]");
        Recipient loaded = Recipient.load(recipient.certificate(), CLOCK);
        assertThat(manifest.getJsonObject("linkage").toString()).isEqualTo("{\"recipient_subject\":\""
                + "CN=recipient,O=Tutka tests\",\"recipient_serial\":\"" + loaded.serial()
                + "\",\"recipient_sha256\":\"" + loaded.sha256() + "\"}");
        assertThat(manifest.getJsonArray("files").toString()).isEqualTo("["
                + fileEntry(folder, "allocations.csv", 0) + "," + fileEntry(folder, "codebook.csv", 76) + ","
                + fileEntry(folder, "episodes.csv", 5) + "," + fileEntry(folder, "events.csv", 5) + ","
                + fileEntry(folder, "linkage.csv.p7m", -1) + "," + fileEntry(folder, "summary.html", -1) + "]");
        assertThat(Files.readString(folder.resolve("manifest.json"))).startsWith("{\n    \"format\"").endsWith("}\n");
    }

    @Test
    void allocationsCsvHoldsTheHalfYearsAllocationsAndCorrectionsOfTheArea() throws IOException {
        try (JdbcAllocationStore ledger = JdbcAllocationStore.open("jdbc:h2:mem:ledger-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", null, null)) {
            // 30 June 23:30 Helsinki is H1; 1 July 00:30 is H2; another area's allocation is not delivered
            allocate(ledger, SUBJECT_7B9, "179", LocalDate.of(2026, 6, 30), "2026-06-30T20:30:00Z", "treatment");
            allocate(ledger, SUBJECT_462, "179", LocalDate.of(2026, 7, 1), "2026-06-30T21:30:00Z", "control");
            allocate(ledger, NOT_IN_VAULT, "091", LocalDate.of(2026, 3, 2), "2026-03-02T08:00:00Z", "control");
            ledger.correct("coaching", SUBJECT_7B9, Correction.Kind.WITHDRAWAL, "asked to leave", "steward",
                    Instant.parse("2026-06-30T20:45:00Z"));
            String head = ledger.head();

            Path folder = builder(output, CLOCK).allocations(ledger).build().write().folder();
            Path second = builder(output, CLOCK).allocations(ledger).period(2026, 2).build().write().folder();

            Allocation first = ledger.allocations(SUBJECT_7B9).get(0);
            String row = ",coaching,3," + "f".repeat(64) + ",keyed-hash-v1," + SUBJECT_7B9 + ",179-k1,179,,0,"
                    + "treatment,2026-06-30,2026.12+66e8ed92c40c,";
            assertThat(Files.readString(folder.resolve("allocations.csv"))).isEqualTo("position,entry,entry_date,"
                    + "trial_id,trial_version,protocol_fingerprint,method,subject,subject_key,area,stratum,sequence,"
                    + "arm,decision_local_date,ruleset_version,correction,entry_hash\r\n"
                    + "1,allocation,2026-06-30" + row + "," + first.entryHash() + "\r\n"
                    + "4,correction,2026-06-30" + row + "withdrawal," + correctionHash(ledger) + "\r\n");
            assertThat(Files.readString(folder.resolve("allocations.csv"))).doesNotContain("asked", "steward");
            assertThat(Files.readAllLines(second.resolve("allocations.csv"))).hasSize(2)
                    .element(1).asString().startsWith("2,allocation,2026-07-01,coaching");
            JsonObject manifest = readJson(folder.resolve("manifest.json"));
            assertThat(manifest.getString("ledger_head")).isEqualTo(head);
            assertThat(manifest.getJsonObject("counts").getInt("allocations_rows")).isEqualTo(2);
            assertThat(List.copyOf(manifest.keySet())).containsSequence("linkage", "ledger_head", "files");
        }
    }

    private static void allocate(JdbcAllocationStore ledger, String subject, String area, LocalDate date, String at,
            String arm) {
        ledger.allocate(new AllocationRequest("coaching", "3", "f".repeat(64), "keyed-hash-v1", subject, "179-k1",
                area, "", "D-" + subject.substring(0, 4), date, "0".repeat(64), "2026.12+66e8ed92c40c",
                Instant.parse(at), Set.of(), null), sequence -> arm);
    }

    private static String correctionHash(JdbcAllocationStore ledger) {
        List<String> hashes = new ArrayList<>();
        ledger.forEachEntry(entry -> {
            if (entry instanceof Correction correction) {
                hashes.add(correction.entryHash());
            }
        });
        return hashes.get(0);
    }

    @Test
    void aBrokenLedgerChainBuildsNoDelivery() throws Exception {
        String url = "jdbc:h2:mem:broken-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (JdbcAllocationStore ledger = JdbcAllocationStore.open(url, null, null)) {
            allocate(ledger, SUBJECT_7B9, "179", LocalDate.of(2026, 3, 2), "2026-03-02T08:00:00Z", "treatment");
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
                    java.sql.Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE tutka_allocation SET arm = 'control'");
            }

            assertThatThrownBy(() -> builder(output, CLOCK).allocations(ledger).build().write())
                    .isInstanceOfSatisfying(TutkaException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.LEDGER_FAILURE))
                    .hasMessageContaining("the allocation ledger fails its check (1 problem(s), the first: ")
                    .hasMessageEndingWith("so no delivery was built: see tutka trials verify-ledger");
            assertThat(names(output)).isEmpty();
        }
    }

    @Test
    void sha256sumsListsEveryOtherFileSortedByName() throws IOException {
        Path folder = build(output, CLOCK).folder();

        StringBuilder expected = new StringBuilder();
        for (String name : FILES) {
            if (!name.equals("SHA256SUMS")) {
                expected.append(sha256(folder.resolve(name))).append("  ").append(name).append('\n');
            }
        }
        assertThat(Files.readString(folder.resolve("SHA256SUMS"))).isEqualTo(expected.toString());
    }

    @Test
    void sha256sumCheckPasses() throws IOException, InterruptedException {
        assumeTrue(onPath("sha256sum"), "sha256sum is not installed");
        Path folder = build(output, CLOCK).folder();

        Process process = new ProcessBuilder("sha256sum", "-c", "SHA256SUMS").directory(folder.toFile())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo("allocations.csv: OK\ncodebook.csv: OK\nepisodes.csv: OK\nevents.csv: OK\n"
                + "linkage.csv.p7m: OK\nmanifest.json: OK\nsummary.html: OK\n");
    }

    @Test
    void rebuildingGivesByteIdenticalFiles() throws IOException {
        Path first = build(Files.createDirectory(temp.resolve("first")), CLOCK).folder();
        Path second = build(Files.createDirectory(temp.resolve("second")), CLOCK).folder();

        for (String name : List.of("events.csv", "episodes.csv", "allocations.csv", "codebook.csv", "summary.html")) {
            assertThat(second.resolve(name)).as(name).hasSameBinaryContentAs(first.resolve(name));
        }
        // the linkage file is encrypted under a fresh content key each time: only its lines differ, and with them
        // the manifest's checksum
        assertThat(withoutLinkage(second.resolve("manifest.json")))
                .isEqualTo(withoutLinkage(first.resolve("manifest.json")));
        List<String> firstSums = Files.readAllLines(first.resolve("SHA256SUMS"));
        List<String> secondSums = Files.readAllLines(second.resolve("SHA256SUMS"));
        assertThat(secondSums).hasSize(7);
        for (int i = 0; i < secondSums.size(); i++) {
            if (!secondSums.get(i).endsWith("linkage.csv.p7m") && !secondSums.get(i).endsWith("manifest.json")) {
                assertThat(secondSums.get(i)).isEqualTo(firstSums.get(i));
            }
        }
    }

    @Test
    void rebuildReplacesTheFolderAndOnlyCreatedAtChanges() throws IOException {
        Path folder = build(output, CLOCK).folder();
        byte[] events = Files.readAllBytes(folder.resolve("events.csv"));
        byte[] codebook = Files.readAllBytes(folder.resolve("codebook.csv"));
        String manifest = withoutLinkage(folder.resolve("manifest.json"));
        Files.writeString(folder.resolve("stale.txt"), "left from an earlier build\n");

        DeliveryBuilder.Result rebuilt = build(output, LATER);

        assertThat(rebuilt.folder()).isEqualTo(folder);
        assertThat(names(output)).containsExactly("tutka-179-2026H1");
        assertThat(names(folder)).containsExactly(FILES);
        assertThat(Files.readAllBytes(folder.resolve("events.csv"))).isEqualTo(events);
        assertThat(Files.readAllBytes(folder.resolve("codebook.csv"))).isEqualTo(codebook);
        assertThat(withoutLinkage(folder.resolve("manifest.json"))).isEqualTo(manifest.replace(
                "\"created_at\": \"2026-07-01T06:00:00Z\"", "\"created_at\": \"2026-07-02T09:30:00Z\""));
    }

    @Test
    void codebookDescribesEveryEventsColumnInOrder() throws IOException {
        Path folder = build(output, CLOCK).folder();

        List<CSVRecord> rows = readCsv(folder.resolve("codebook.csv"));
        assertThat(rows.get(0).toList())
                .containsExactly("file", "variable", "type", "unit", "description_fi", "description_en", "values");
        List<String> eventsHeader = readCsv(folder.resolve("events.csv")).get(0).toList();
        List<String> described = new ArrayList<>();
        for (CSVRecord row : rows.subList(1, rows.size())) {
            if (!row.get(0).equals("events.csv")) {
                continue;
            }
            assertThat(row.get(2)).isIn("string", "integer", "decimal", "date", "boolean", "list");
            assertThat(row.get(4)).as(row.get(1)).isNotEmpty();
            assertThat(row.get(5)).as(row.get(1)).isNotEmpty();
            described.add(row.get(1));
        }
        assertThat(described).isEqualTo(eventsHeader).hasSize(34);
        assertThat(eventsHeader).startsWith("record_id", "subject", "subject_key")
                .endsWith("regimes", "quality_flags", "ruleset_version", "engine_version", "schema_version");

        Map<String, CSVRecord> byName = rows.stream().skip(1).filter(r -> r.get(0).equals("events.csv")).collect(Collectors.toMap(r -> r.get(1), r -> r));
        assertThat(byName.get("cost_eur").toList())
                .containsExactly("events.csv", "cost_eur", "decimal", "EUR", "Palvelun kustannus",
                        "Cost of the service", "");
        assertThat(byName.get("unemployment_days").get(3)).isEqualTo("days");
        assertThat(byName.get("age_at_decision").get(3)).isEqualTo("years");
        assertThat(byName.get("jobseeker_status").get(6).split("\\|"))
                .extracting(value -> value.substring(0, value.indexOf('=')))
                .containsExactly("00", "01", "02", "03", "04", "05", "06", "07", "08");
        assertThat(byName.get("jobseeker_status").get(6)).startsWith("00=palkkatuetussa työssä / in subsidised work|");
        assertThat(byName.get("event_type").get(6)).isEqualTo("referral=ohjaus / referral|decision=päätös / decision"
                + "|start=aloitus / start|end=päättyminen / end|cancellation=peruutus / cancellation");
        assertThat(byName.get("funding").get(6))
                .isEqualTo("state=valtio / state|municipality=kunta / municipality|eu=EU / EU|other=muu / other");
        List<String> classes = new ArrayList<>();
        for (ResearchClass researchClass : ResearchClass.all()) {
            classes.add(researchClass.code() + "=" + researchClass.nameFi() + " / " + researchClass.nameEn());
        }
        assertThat(byName.get("service_class").get(6)).isEqualTo(String.join("|", classes))
                .contains("|pay_subsidy_50=Palkkatuki 50 % / Pay subsidy 50 %|");
    }

    /** What the codebook says of a value that is not one of its column's codes. */
    private static String notClassified(String flag) {
        return flag == null ? "ei Tutkan luokituksessa / not in Tutka's classification"
                : "ei Tutkan luokituksessa, merkitty laatulipulla " + flag + " / not in Tutka's classification, "
                        + "marked by the quality flag " + flag;
    }

    @Test
    void unknownCodesAreDeliveredAsRecordedAndTheCodebookListsThem() throws IOException {
        Path plain = build(Files.createDirectory(temp.resolve("plain")), CLOCK).folder();
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        // accepted with a warning and a flag: client attributes holding well-shaped codes that no rule knows
        String unknown = good.replace("\"r01\"", "\"r90\"")
                .replace("\"education_level\":\"3\"", "\"education_level\":\"3A\"")
                .replace("\"language_group\":\"fi\"", "\"language_group\":\"ru\"")
                .replace("\"benefit_type\":\"earnings_related\"", "\"benefit_type\":\"housing_allowance\"")
                .replace("\"quality_flags\":[]", "\"quality_flags\":[\"unknown_benefit_type\","
                        + "\"unknown_education_level\",\"unknown_language_group\"]");
        // another language group; a class of another version of the catalogue, an act and a flag set by a local
        // rule: episodes.csv's service_class and events.csv's statutory_basis and quality_flags
        String local = good.replace("\"r01\"", "\"r91\"")
                .replace("\"language_group\":\"fi\"", "\"language_group\":\"et\"")
                .replace("\"PT50\"", "\"LOC-7\"").replace("\"pay_subsidy_50\"", "\"future_class\"")
                .replace("\"380/2023\"", "\"1234/2025\"").replace("\"quality_flags\":[]", "\"quality_flags\":"
                        + "[\"local_check\",\"unknown_language_group\"]");
        // read after r90, so dropped as its duplicate: its value is in no file and so not in the codebook
        String duplicate = unknown.replace("\"language_group\":\"ru\"", "\"language_group\":\"uk\"");
        assertThat(List.of(unknown, local, duplicate)).doesNotHaveDuplicates().allMatch(line -> !line.equals(good));
        Files.writeString(records.resolve("z-extra.jsonl"), unknown + "\n" + local + "\n" + duplicate + "\n");

        DeliveryBuilder.Result result = build(output, CLOCK);
        Path folder = result.folder();

        assertThat(DeliveryVerifier.verify(folder)).isEmpty();
        assertThat(DeliveryVerifier.verify(plain)).isEmpty();
        Map<String, List<String>> events = rowsById(folder.resolve("events.csv"));
        List<String> header = readCsv(folder.resolve("events.csv")).get(0).toList();
        List<String> r90 = events.get("r90");
        assertThat(List.of(r90.get(header.indexOf("education_level")), r90.get(header.indexOf("language_group")),
                r90.get(header.indexOf("benefit_type")), r90.get(header.indexOf("quality_flags"))))
                .containsExactly("3A", "ru", "housing_allowance",
                        "unknown_benefit_type;unknown_education_level;unknown_language_group");
        List<String> r91 = events.get("r91");
        assertThat(List.of(r91.get(header.indexOf("language_group")), r91.get(header.indexOf("service_class")),
                r91.get(header.indexOf("statutory_basis")), r91.get(header.indexOf("quality_flags"))))
                .containsExactly("et", "future_class", "1234/2025", "local_check;unknown_language_group");
        assertThat(rowsById(folder.resolve("episodes.csv")).get("r91").get(5)).isEqualTo("future_class");

        // the codebook is the plain delivery's, but for the values these rows add after the known ones
        List<List<String>> expected = new ArrayList<>();
        for (CSVRecord row : readCsv(plain.resolve("codebook.csv"))) {
            List<String> cells = new ArrayList<>(row.toList());
            String added = switch (row.get(0) + "," + row.get(1)) {
                case "events.csv,education_level" -> "|3A=" + notClassified("unknown_education_level");
                case "events.csv,language_group" -> "|et=" + notClassified("unknown_language_group")
                        + "|ru=" + notClassified("unknown_language_group");
                case "events.csv,benefit_type" -> "|housing_allowance=" + notClassified("unknown_benefit_type");
                case "events.csv,service_class", "episodes.csv,service_class" ->
                        "|future_class=" + notClassified(null);
                case "events.csv,statutory_basis" -> "|1234/2025=" + notClassified(null);
                default -> "";
            };
            cells.set(6, cells.get(6) + added);
            expected.add(cells);
        }
        // a flag list keeps its flags sorted by name, an undescribed one among them
        List<String> flags = expected.stream().filter(row -> row.get(1).equals("quality_flags")).findFirst()
                .orElseThrow();
        flags.set(6, flags.get(6).replace("|missing_cost=", "|local_check=paikallisen säännön asettama, ei kuvausta "
                + "/ set by a local rule, not described|missing_cost="));
        List<List<String>> delivered = new ArrayList<>();
        readCsv(folder.resolve("codebook.csv")).forEach(row -> delivered.add(row.toList()));
        assertThat(delivered).isEqualTo(expected);
        assertThat(Files.readString(folder.resolve("codebook.csv"))).doesNotContain("uk=");
        assertThat(delivered).hasSize(77);

        // rebuilt, with the sorts spilling a run for every record, the files are the same bytes
        Path again = builder(Files.createDirectory(temp.resolve("again")), LATER).runSize(1).build().write().folder();
        for (String name : List.of("events.csv", "episodes.csv", "codebook.csv", "summary.html")) {
            assertThat(again.resolve(name)).as(name).hasSameBinaryContentAs(folder.resolve(name));
        }
    }

    private static Map<String, List<String>> rowsById(Path csv) throws IOException {
        Map<String, List<String>> rows = new TreeMap<>();
        for (CSVRecord row : readCsv(csv)) {
            rows.put(row.get(0), row.toList());
        }
        return rows;
    }

    @Test
    void refusesARecordHoldingAnIdentityCodeShapedValue() throws IOException {
        Path folder = build(output, CLOCK).folder();
        byte[] events = Files.readAllBytes(folder.resolve("events.csv"));
        String code = "010190-901" + IdentityCode.checkCharacter(LocalDate.of(1990, 1, 1), 901);
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        String bad = good.replace("\"r01\"", "\"r99\"")
                .replace("\"statutory_basis\":\"380/2023\"", "\"note\":\"asiakas " + code + "\"");
        assertThat(bad).contains(code);
        Files.writeString(records.resolve("z-extra.jsonl"), good + "\n" + bad + "\n");

        assertThatThrownBy(() -> build(output, LATER))
                .isInstanceOfSatisfying(TutkaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("z-extra.jsonl line 2: record r99 ")
                .hasMessageContaining("shaped like a personal identity code in field /data/tags/note")
                .hasMessageNotContaining(code)
                .hasMessageNotContaining(code.substring(0, 6));
        // nothing written: the earlier delivery stands and no temporary folder is left
        assertThat(names(output)).containsExactly("tutka-179-2026H1");
        assertThat(folder.resolve("events.csv")).hasBinaryContent(events);
    }

    @Test
    void refusesAnIdentityCodeShapedRecordId() throws IOException {
        String code = "311299A999" + IdentityCode.checkCharacter(LocalDate.of(2099, 12, 31), 999);
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        Files.writeString(records.resolve("z-extra.jsonl"), good.replace("\"r01\"", "\"" + code + "\"") + "\n");

        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: record <identity code> holds")
                .hasMessageContaining("in field /id")
                .hasMessageNotContaining(code);
        assertThat(names(output)).isEmpty();
    }

    @Test
    void theIdentityCodePrefilterPassesEveryIdentityCode() {
        for (char sign : "+-YXWVUABCDEFyxwvuabcdef".toCharArray()) {
            String code = "010190" + sign + "901" + IdentityCode.checkCharacter(LocalDate.of(1990, 1, 1), 901);
            for (String text : List.of(code, "x " + code, code + ".", "(" + code + ")", code.toLowerCase())) {
                assertThat(Redact.containsIdentityCode(text)).as(text).isTrue();
                assertThat(DeliveryBuilder.mayHoldIdentityCode(text)).as(text).isTrue();
            }
        }
        assertThat(DeliveryBuilder.mayHoldIdentityCode("2026-03-02T07:15:00Z")).isFalse();
        assertThat(DeliveryBuilder.mayHoldIdentityCode("2026.12+66e8ed92c40c")).isFalse();
        assertThat(DeliveryBuilder.mayHoldIdentityCode("0123456")).isFalse();
        assertThat(DeliveryBuilder.mayHoldIdentityCode("a123456b")).isTrue();
    }

    @Test
    void identityCodesInOtherAreasAreNotDelivered() throws IOException {
        String code = "010190-901" + IdentityCode.checkCharacter(LocalDate.of(1990, 1, 1), 901);
        String otherArea = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(2);
        assertThat(otherArea).contains("\"area\":\"091\"");
        Files.writeString(records.resolve("z-extra.jsonl"),
                otherArea.replace("\"r04\"", "\"r98\"").replace("\"PT50\"", "\"" + code + "\"") + "\n");

        DeliveryBuilder.Result result = build(output, CLOCK);

        assertThat(result.otherAreaSkipped()).isEqualTo(2);
        assertThat(result.folder().resolve("events.csv")).hasContent(golden("expected-events.csv"));
    }

    @Test
    void aMalformedLineIsAnErrorNamingFileAndLineWithoutItsContent() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(0);
        Files.writeString(records.resolve("z-extra.jsonl"), good + "\n{\"id\":\"secret-value\", oops\n" + good + "\n");

        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOfSatisfying(TutkaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO))
                .hasMessageContaining("z-extra.jsonl line 2: not one valid JSON object")
                .hasMessageNotContaining("secret-value");
        assertThat(names(output)).isEmpty();
    }

    @Test
    void aTornLineThatIsNotLastIsAnError() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(0);
        Files.writeString(records.resolve("z-extra.jsonl"), good.substring(0, 40) + "\n" + good + "\n");

        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: not one valid JSON object");
    }

    @Test
    void moreValuesThanOneObjectOnALineIsAnError() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(0);
        Files.writeString(records.resolve("z-extra.jsonl"), good + good + "\n");

        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: not one valid JSON object");
    }

    @Test
    void validJsonThatIsNotARecordIsAnErrorEvenOnTheLastLine() throws IOException {
        Files.writeString(records.resolve("z-extra.jsonl"), "[1,2]");
        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: a JSON array, not an object");

        Files.writeString(records.resolve("z-extra.jsonl"), "{\"id\":\"a\",\"id\":\"b\"}\n");
        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: a JSON object with a duplicate member name");

        Files.writeString(records.resolve("z-extra.jsonl"), "{\"id\":\"r90\"}\n\n");
        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: no type");

        Files.writeString(records.resolve("z-extra.jsonl"), "\n");
        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: the line is empty");
        assertThat(names(output)).isEmpty();
    }

    @Test
    void aWrongKindOfValueIsAnErrorNamingTheField() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        Files.writeString(records.resolve("z-extra.jsonl"),
                good.replace("\"r01\"", "\"r97\"").replace("\"birth_year\":1990", "\"birth_year\":1990.5") + "\n");

        assertThatThrownBy(() -> build(output, CLOCK))
                .isInstanceOf(TutkaException.class)
                .hasMessageContaining("z-extra.jsonl line 1: field /data/birth_year (column birth_year) must be a whole number");
    }

    @Test
    void aCompleteLastLineWithoutLineFeedIsRead() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        Files.writeString(records.resolve("z-extra.jsonl"), good.replace("\"r01\"", "\"r96\""));

        DeliveryBuilder.Result result = build(output, CLOCK);

        assertThat(result.recordsRead()).isEqualTo(12);
        assertThat(result.eventsWritten()).isEqualTo(6);
        assertThat(result.tornLines()).isEqualTo(1);
    }

    @Test
    void aTornLineCutInsideAMultiByteCharacterIsSkipped() throws IOException {
        String good = Files.readAllLines(records.resolve("tutka-records.1.jsonl")).get(1);
        String text = good.replace("\"r01\"", "\"r95\"").replace("\"PT50\"", "\"Työ\"");
        int cut = text.substring(0, text.indexOf('ö')).getBytes(StandardCharsets.UTF_8).length + 1;
        byte[] torn = Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), cut); // ends inside the two bytes of ö
        Files.write(records.resolve("z-extra.jsonl"), torn, StandardOpenOption.CREATE_NEW);

        assertThat(build(output, CLOCK).tornLines()).isEqualTo(2);
    }

    @Test
    void theSecondHalfYearStartsAtHelsinkiMidnight() {
        DeliveryBuilder.Result result = builder(output, CLOCK).period(2026, 2).build().write();

        assertThat(result.folder()).isEqualTo(output.resolve("tutka-179-2026H2"));
        assertThat(result.eventsWritten()).isEqualTo(1);
        assertThat(result.otherPeriodSkipped()).isEqualTo(9);
        assertThat(result.duplicatesDropped()).isZero();
    }

    @Test
    void settingsAreChecked() throws IOException {
        assertThat(configurationError(b -> b.area("17"))).contains("area: '17' is not a 3-digit municipality code");
        assertThat(configurationError(b -> b.area(null))).contains("area is not set");
        assertThat(configurationError(b -> b.period(2026, 3))).contains("period: half 3 must be 1");
        assertThat(configurationError(b -> b.period(26, 1))).contains("period: year 26 must have four digits");
        assertThat(configurationError(b -> b.records(temp.resolve("missing"))))
                .contains("records: " + temp.resolve("missing") + " is not a folder");
        assertThat(configurationError(b -> b.output(null))).contains("output is not set");
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        assertThat(configurationError(b -> b.output(file))).contains("output: " + file + " is not a folder");
        assertThat(configurationError(b -> b.identityVault(null))).contains("identityVault is not set");
        assertThat(configurationError(b -> b.recipient(null))).contains("recipient is not set");
    }

    @Test
    void onlyAnAreaThisTutkaServesAndAHalfYearFromTheReformOnAreDelivered() {
        assertThat(configurationError(b -> b.area("999"))).isEqualTo("CONFIGURATION: area: 999 is not an area this "
                + "Tutka serves: this Tutka serves areas 179, 837 (setting tutka.areas); call servedAreas(...) with "
                + "the engine's areas");
        assertThat(configurationError(b -> b.servedAreas(List.of("837")))).isEqualTo("CONFIGURATION: area: 179 is "
                + "not an area this Tutka serves: this Tutka serves area 837 (setting tutka.areas); call "
                + "servedAreas(...) with the engine's areas");
        assertThatThrownBy(() -> DeliveryBuilder.builder().servedAreas(List.of("179", "1790")))
                .isInstanceOf(TutkaException.class).hasMessage("CONFIGURATION: servedAreas(...): '1790' is not an "
                        + "area code: give the areas' 3-digit host municipality codes, separated by commas, such as "
                        + "179,837");
        assertThat(configurationError(b -> b.period(2024, 2))).isEqualTo("CONFIGURATION: period: 2024H2 is before "
                + "2025H1: employment areas deliver from the TE reform (1 January 2025) on");
        assertThat(configurationError(b -> b.period(1000, 1))).contains("period: 1000H1 is before 2025H1");

        assertThat(builder(output, CLOCK).period(2025, 1).build().folderName()).isEqualTo("tutka-179-2025H1");
        assertThat(builder(output, CLOCK).servedAreas(List.of("091", "179")).area("091").build().folderName())
                .isEqualTo("tutka-091-2026H1");
    }

    private String configurationError(Consumer<DeliveryBuilder.Builder> change) {
        DeliveryBuilder.Builder builder = builder(output, CLOCK);
        change.accept(builder);
        try {
            builder.build();
        } catch (TutkaException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            return e.getMessage();
        }
        throw new AssertionError("no configuration error");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = DeliveryBuilderTest.class.getResourceAsStream(name)) {
            // stored with CRLF; normalised in case a checkout converted line ends
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static JsonObject readJson(Path path) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(path)))) {
            return reader.readObject();
        }
    }

    private static List<CSVRecord> readCsv(Path path) throws IOException {
        return CSVFormat.RFC4180.parse(new StringReader(Files.readString(path))).getRecords();
    }

    private static String fileEntry(Path folder, String name, long rows) throws IOException {
        return "{\"name\":\"" + name + "\",\"bytes\":" + Files.size(folder.resolve(name)) + ",\"sha256\":\""
                + sha256(folder.resolve(name)) + "\"" + (rows >= 0 ? ",\"rows\":" + rows : "") + "}";
    }

    /** A manifest or SHA256SUMS without the linkage file's size and hash, which differ on every build. */
    private static String withoutLinkage(Path file) throws IOException {
        String text = Files.readString(file);
        return text.replaceAll("(?s)\\{\\s*\"name\": \"linkage.csv.p7m\".*?\\}", "{linkage}")
                .replaceAll("[0-9a-f]{64}  linkage.csv.p7m", "linkage");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
