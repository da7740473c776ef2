package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.RecordIds;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TutkaRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRecordSinkTest {
    @TempDir
    Path dir;

    /** A small valid service-event record for decision {@code D-<n>}. */
    static TutkaRecord record(int n) {
        TreeMap<String, String> tags = new TreeMap<>();
        tags.put("research_class", "pay_subsidy");
        ServiceEvent data = new ServiceEvent(ServiceEvent.SCHEMA_VERSION, "rules-1", "0.1.0", "179", "179-20260105",
                "2026H1", "decision", "PT50", "pay_subsidy", true, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 3, 9), LocalDate.of(2026, 9, 8), new BigDecimal("9000.00"), "state", "179", "02",
                1990, 36, 416, "4", "fi", "earnings_related", 9, true, tags, List.of());
        return new TutkaRecord(RecordIds.of("179", "D-" + n, ServiceEvent.TYPE), "urn:tutka:area:179", "1.0",
                ServiceEvent.TYPE, Instant.parse("2026-03-02T07:15:00Z"),
                "63a8c5fb962549b9f86ef043e787affbc82face1dc3dd280db2a19d10a7b1e9f",
                "urn:tutka:schema:service-event:1.0", "application/json", data);
    }

    private Path file() {
        return dir.resolve("tutka-records.jsonl");
    }

    @Test
    void oneJsonLinePerRecordEndingInANewline() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            assertThat(sink.file()).isEqualTo(file().toAbsolutePath());

            sink.append(List.of(record(1)));
            assertThat(Files.readString(file())).isEqualTo(TutkaJson.write(record(1)) + "\n");

            sink.append(List.of(record(2), record(3)));
            assertThat(Files.readString(file())).isEqualTo(TutkaJson.write(record(1)) + "\n"
                    + TutkaJson.write(record(2)) + "\n" + TutkaJson.write(record(3)) + "\n");

            sink.append(List.of());
            assertThat(Files.readAllLines(file())).hasSize(3);
        }
    }

    @Test
    void theLineIsTheRecordInCloudEventsForm() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(1)));
        }
        String line = Files.readAllLines(file()).get(0);
        JsonObject json = parse(line);

        assertThat(line).doesNotContain("\n").startsWith("{\"id\":\"" + RecordIds.of("179", "D-1", ServiceEvent.TYPE)
                + "\",\"source\":\"urn:tutka:area:179\",\"specversion\":\"1.0\",\"type\":\"fi.tutka.service-event.v1\","
                + "\"time\":\"2026-03-02T07:15:00Z\",");
        assertThat(json.getJsonObject("data").getString("period")).isEqualTo("2026H1");
        assertThat(json.getJsonObject("data").getJsonNumber("cost_eur").bigDecimalValue())
                .isEqualTo(new BigDecimal("9000.00"));
    }

    @Test
    void theFileEndsWithANewlineAfterEveryAppend() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            for (int i = 0; i < 20; i++) {
                sink.append(i % 3 == 0 ? List.of(record(i), record(1000 + i)) : List.of(record(i)));
                byte[] bytes = Files.readAllBytes(file());
                assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
            }
        }
        assertThat(Files.readAllLines(file())).hasSize(27);
    }

    @Test
    void eightThreadsAppendingEachRecordLandsExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        sink.append(List.of(record(thread * perThread + i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(threads * perThread);
        Set<String> expected = new HashSet<>();
        for (int n = 0; n < threads * perThread; n++) {
            expected.add(TutkaJson.write(record(n)));
        }
        assertThat(new HashSet<>(lines)).isEqualTo(expected);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            ids.add(parse(line).getString("id"));
        }
        assertThat(ids).hasSize(threads * perThread);
    }

    @Test
    void aTornTailIsCutOnOpenAndTheNextRecordStartsOnAFreshLine() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(1), record(2)));
        }
        String before = Files.readString(file());
        Files.write(file(), "{\"id\":\"torn".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            assertThat(Files.readString(file())).isEqualTo(before);
            sink.append(List.of(record(3)));
        }

        assertThat(Files.readString(file())).isEqualTo(before + TutkaJson.write(record(3)) + "\n");
        for (String line : Files.readAllLines(file())) {
            parse(line);
        }
    }

    @Test
    void aTornTailLongerThanTheReadBufferIsCut() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(1)));
        }
        String before = Files.readString(file());
        Files.write(file(), ("{\"x\":\"" + "a".repeat(20_000)).getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(2)));
        }

        assertThat(Files.readString(file())).isEqualTo(before + TutkaJson.write(record(2)) + "\n");
    }

    @Test
    void aFileThatIsOnlyATornLineIsEmptiedOnOpen() throws IOException {
        Files.writeString(file(), "{\"id\":\"to");

        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            assertThat(Files.size(file())).isZero();
            sink.append(List.of(record(1)));
        }

        assertThat(Files.readString(file())).isEqualTo(TutkaJson.write(record(1)) + "\n");
    }

    @Test
    void aWholeFileIsKeptOnOpen() throws IOException {
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(1)));
        }
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(dir)) {
            sink.append(List.of(record(2)));
        }
        assertThat(Files.readString(file()))
                .isEqualTo(TutkaJson.write(record(1)) + "\n" + TutkaJson.write(record(2)) + "\n");
    }

    @Test
    void aSecondSinkOnTheSameFolderFailsNamingTheFile() {
        try (JsonLinesRecordSink first = new JsonLinesRecordSink(dir)) {
            TutkaException e = catchThrowableOfType(TutkaException.class, () -> new JsonLinesRecordSink(dir));

            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).contains(file().toAbsolutePath().toString());

            // the failed attempt did not disturb the first sink
            first.append(List.of(record(1)));
        }
        // once the first is closed, the folder can be opened again
        try (JsonLinesRecordSink again = new JsonLinesRecordSink(dir)) {
            again.append(List.of(record(2)));
        }
    }

    @Test
    void appendAfterCloseFailsWithSinkFailure() throws IOException {
        JsonLinesRecordSink sink = new JsonLinesRecordSink(dir);
        sink.append(List.of(record(1)));
        sink.close();

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> sink.append(List.of(record(2))));

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.SINK_FAILURE);
        assertThat(e.getMessage()).contains(file().toAbsolutePath().toString()).contains("closed");
        assertThat(Files.readString(file())).isEqualTo(TutkaJson.write(record(1)) + "\n");
        sink.close(); // closing twice is harmless
    }

    @Test
    void createsTheFolder() throws IOException {
        Path nested = dir.resolve("a").resolve("b");
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(nested)) {
            sink.append(List.of(record(1)));
        }
        assertThat(Files.readAllLines(nested.resolve(JsonLinesRecordSink.FILE_NAME))).hasSize(1);
    }

    private static JsonObject parse(String line) {
        try (JsonReader reader = Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }
}
