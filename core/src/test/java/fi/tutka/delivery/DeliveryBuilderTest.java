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
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TutkaRecord;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryBuilderTest {
    private static final String SERVICE_EVENT = "fi.tutka.service-event.v1";
    private static final String TRIAL_ALLOCATION = "fi.tutka.trial-allocation.v1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-01T06:00:00.123Z"), ZoneOffset.UTC);
    private static final Clock LATER = Clock.fixed(Instant.parse("2026-07-02T09:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;
    Path records;
    Path output;

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
    }

    private DeliveryBuilder.Result build(Path out, Clock clock) {
        return DeliveryBuilder.builder().records(records).area("179").period(2026, 1).output(out).clock(clock)
                .build().write();
    }

    @Test
    void selectsDeduplicatesAndCounts() {
        DeliveryBuilder.Result result = build(output, CLOCK);

        assertThat(result).isEqualTo(new DeliveryBuilder.Result(output.resolve("tutka-179-2026H1"), 11,
                new TreeMap<>(Map.of(SERVICE_EVENT, 5L, TRIAL_ALLOCATION, 1L)), 5, 2, 1, 2, 1));
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

        DeliveryBuilder.Result result = DeliveryBuilder.builder().records(engineRecords).area("179")
                .period(2026, 1).output(output).clock(CLOCK).build().write();

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
        assertThat(names(folder)).containsExactly("SHA256SUMS", "codebook.csv", "events.csv", "manifest.json");
    }

    @Test
    void manifestHasFixedOrderAndExactValues() throws IOException {
        Path folder = build(output, CLOCK).folder();

        JsonObject manifest = readJson(folder.resolve("manifest.json"));
        assertThat(List.copyOf(manifest.keySet())).containsExactly("format", "area", "period", "created_at",
                "schema_versions", "ruleset_versions", "engine_versions", "counts", "quality_flags", "subject_keys",
                "files");
        assertThat(manifest.getString("format")).isEqualTo("tutka-delivery/1");
        assertThat(manifest.getString("area")).isEqualTo("179");
        assertThat(manifest.getString("period")).isEqualTo("2026H1");
        assertThat(manifest.getString("created_at")).isEqualTo("2026-07-01T06:00:00Z");
        assertThat(manifest.getJsonArray("schema_versions").toString()).isEqualTo("[\"1.0\"]");
        assertThat(manifest.getJsonArray("ruleset_versions").toString())
                .isEqualTo("[\"2026.12+66e8ed92c40c\",\"2026.13+0a1b2c3d4e5f\"]");
        assertThat(manifest.getJsonArray("engine_versions").toString()).isEqualTo("[\"0.1.0-SNAPSHOT\"]");
        assertThat(manifest.getJsonObject("counts").toString()).isEqualTo("{\"records_read\":11,"
                + "\"records_by_type\":{\"fi.tutka.service-event.v1\":5,\"fi.tutka.trial-allocation.v1\":1},"
                + "\"events_rows\":5,\"duplicates_dropped\":2,\"other_area_skipped\":1,\"other_period_skipped\":2,"
                + "\"torn_lines\":1}");
        assertThat(manifest.getJsonObject("quality_flags").toString())
                .isEqualTo("{\"missing_education_level\":1,\"unknown_service_code\":2}");
        assertThat(manifest.getJsonArray("subject_keys").toString()).isEqualTo("[\"179-k1\",\"179-k2\"]");
        assertThat(manifest.getJsonArray("files").toString()).isEqualTo("["
                + fileEntry(folder, "codebook.csv") + "," + fileEntry(folder, "events.csv") + "]");
        assertThat(Files.readString(folder.resolve("manifest.json"))).startsWith("{\n    \"format\"").endsWith("}\n");
    }

    @Test
    void theManifestCarriesTheLedgersChainHeadWhenGiven() throws IOException {
        String head = "9fc83091a0bc14b6001526e80cad7eb63c7a332a4ef16f664aa56951bb97cfcb";
        Path folder = DeliveryBuilder.builder().records(records).area("179").period(2026, 1).output(output)
                .clock(CLOCK).ledgerHead(head).build().write().folder();

        JsonObject manifest = readJson(folder.resolve("manifest.json"));
        assertThat(List.copyOf(manifest.keySet())).containsSequence("subject_keys", "ledger_head", "files");
        assertThat(manifest.getString("ledger_head")).isEqualTo(head);
    }

    @Test
    void sha256sumsListsEveryOtherFileSortedByName() throws IOException {
        Path folder = build(output, CLOCK).folder();

        assertThat(Files.readString(folder.resolve("SHA256SUMS"))).isEqualTo(
                sha256(folder.resolve("codebook.csv")) + "  codebook.csv\n"
                        + sha256(folder.resolve("events.csv")) + "  events.csv\n"
                        + sha256(folder.resolve("manifest.json")) + "  manifest.json\n");
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
        assertThat(out).isEqualTo("codebook.csv: OK\nevents.csv: OK\nmanifest.json: OK\n");
    }

    @Test
    void rebuildingGivesByteIdenticalFiles() throws IOException {
        Path first = build(Files.createDirectory(temp.resolve("first")), CLOCK).folder();
        Path second = build(Files.createDirectory(temp.resolve("second")), CLOCK).folder();

        for (String name : List.of("events.csv", "codebook.csv", "manifest.json", "SHA256SUMS")) {
            assertThat(second.resolve(name)).as(name).hasSameBinaryContentAs(first.resolve(name));
        }
    }

    @Test
    void rebuildReplacesTheFolderAndOnlyCreatedAtChanges() throws IOException {
        Path folder = build(output, CLOCK).folder();
        byte[] events = Files.readAllBytes(folder.resolve("events.csv"));
        byte[] codebook = Files.readAllBytes(folder.resolve("codebook.csv"));
        String manifest = Files.readString(folder.resolve("manifest.json"));
        Files.writeString(folder.resolve("stale.txt"), "left from an earlier build\n");

        DeliveryBuilder.Result rebuilt = build(output, LATER);

        assertThat(rebuilt.folder()).isEqualTo(folder);
        assertThat(names(output)).containsExactly("tutka-179-2026H1");
        assertThat(names(folder)).containsExactly("SHA256SUMS", "codebook.csv", "events.csv", "manifest.json");
        assertThat(Files.readAllBytes(folder.resolve("events.csv"))).isEqualTo(events);
        assertThat(Files.readAllBytes(folder.resolve("codebook.csv"))).isEqualTo(codebook);
        assertThat(Files.readString(folder.resolve("manifest.json"))).isEqualTo(manifest.replace(
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
            assertThat(row.get(0)).isEqualTo("events.csv");
            assertThat(row.get(2)).isIn("string", "integer", "decimal", "date", "boolean");
            assertThat(row.get(4)).as(row.get(1)).isNotEmpty();
            assertThat(row.get(5)).as(row.get(1)).isNotEmpty();
            described.add(row.get(1));
        }
        assertThat(described).isEqualTo(eventsHeader).hasSize(34);
        assertThat(eventsHeader).startsWith("record_id", "subject", "subject_key")
                .endsWith("regimes", "quality_flags", "ruleset_version", "engine_version", "schema_version");

        Map<String, CSVRecord> byName = rows.stream().skip(1).collect(Collectors.toMap(r -> r.get(1), r -> r));
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
        DeliveryBuilder.Result result = DeliveryBuilder.builder().records(records).area("179").period(2026, 2)
                .output(output).clock(CLOCK).build().write();

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
    }

    private String configurationError(Consumer<DeliveryBuilder.Builder> change) {
        DeliveryBuilder.Builder builder = DeliveryBuilder.builder().records(records).area("179").period(2026, 1)
                .output(output).clock(CLOCK);
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

    private static String fileEntry(Path folder, String name) throws IOException {
        return "{\"name\":\"" + name + "\",\"bytes\":" + Files.size(folder.resolve(name)) + ",\"sha256\":\""
                + sha256(folder.resolve(name)) + "\"}";
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
