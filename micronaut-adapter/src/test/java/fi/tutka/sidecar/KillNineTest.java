package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durability after {@code kill -9}: {@code tutka serve} as a process of its own on a free loopback port takes
 * decisions from {@link #SENDERS} threads and is killed with SIGKILL in the middle; restarted on the same data folder,
 * it is sent every decision that was not answered. Then every decision answered 2xx has its service-event record in
 * the records folder, once after de-duplication by record id (the id is deterministic, so a decision sent again gets
 * the same one); a decision answered on its first sending is there exactly once, and every line is one JSON object.
 */
class KillNineTest {
    static final int DECISIONS = 800;
    static final int KILL_AFTER = 250;
    static final int SENDERS = 4;
    static final Duration READY = Duration.ofSeconds(60);

    final Path dir = Decisions.tempDir();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Process server;

    @AfterEach
    void clean() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Decisions.delete(dir);
    }

    @Test
    void nothingAnswered2xxIsLostOrDoubledAfterAKillDashNineAndARestart() throws Exception {
        int port = freePort();
        Map<String, String> answered = new ConcurrentHashMap<>(); // decision id -> service-event record id
        server = start(port, "first");
        AtomicInteger next = new AtomicInteger();
        List<String> unanswered = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                sent.add(senders.submit(() -> {
                    List<String> failed = new ArrayList<>();
                    for (int n; (n = next.getAndIncrement()) < DECISIONS; ) {
                        String id = "K-" + n;
                        if (!send(port, id, answered)) {
                            failed.add(id);
                        }
                        if (answered.size() >= KILL_AFTER && server.isAlive()) {
                            synchronized (this) {
                                if (server.isAlive()) {
                                    server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no last fsync
                                }
                            }
                        }
                    }
                    return failed;
                }));
            }
            for (Future<List<String>> each : sent) {
                unanswered.addAll(each.get(5, TimeUnit.MINUTES));
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(137);
        Set<String> firstTime = Set.copyOf(answered.keySet());
        assertThat(firstTime.size()).isBetween(KILL_AFTER, DECISIONS - 1);
        assertThat(unanswered).hasSize(DECISIONS - firstTime.size());

        server = start(port, "second");
        for (String id : unanswered) {
            assertThat(send(port, id, answered)).as(id).isTrue();
        }
        server.destroy(); // SIGTERM: the service finishes, flushes and exits
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isIn(0, 143);

        assertThat(answered).hasSize(DECISIONS);
        Map<String, Integer> lines = serviceEventLines(dir.resolve("records"));
        for (Map.Entry<String, String> decision : answered.entrySet()) {
            Integer count = lines.get(decision.getValue());
            assertThat(count).as(decision.getKey() + " answered 2xx, record " + decision.getValue()).isNotNull();
            if (firstTime.contains(decision.getKey())) {
                assertThat(count).as(decision.getKey() + ", answered on its first sending").isEqualTo(1);
            }
        }
        assertThat(lines.keySet()).as("service events, de-duplicated by record id")
                .hasSize(DECISIONS).containsExactlyInAnyOrderElementsOf(answered.values());
        int raw = lines.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("kill -9 test: %d of %d answered before the kill, %d sent again after the restart, "
                + "%d record lines for %d records (durable but unanswered when killed, then sent again)%n",
                firstTime.size(), DECISIONS, unanswered.size(), raw, lines.size());
    }

    /**
     * Stores left by earlier starts and stops (their schemas only): H2 2.5.252 reopened such files with the last
     * chunk missing from its chunk table and failed the first write ("Cannot read field time", in
     * FileStore.serializeAndStore), so the service would not start, or not stay ready. The H2 that Tutka uses must
     * open them, take decisions, and log no H2 error (H2 writes its errors to a {@code .trace.db} file beside).
     */
    @Test
    void storesThatH2OnceFailedToWriteToAgainTakeDecisions() throws Exception {
        for (String file : List.of("ledger/allocations.mv.db", "vault/identities.mv.db")) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream fixture = getClass().getResourceAsStream("h2-dropped-last-chunk/"
                    + target.getFileName())) {
                Files.copy(fixture, target);
            }
        }
        int port = freePort();
        Map<String, String> answered = new HashMap<>();
        for (int start = 1; start <= 2; start++) {
            server = start(port, "start-" + start);
            for (int n = 0; n < 20; n++) {
                assertThat(send(port, "R-" + start + "-" + n, answered)).as("decision %d after start %d", n, start)
                        .isTrue();
            }
            // both read the ledger
            assertThat(status(port, "/v1/trials")).as("trials after start %d", start).isEqualTo(200);
            assertThat(status(port, "/health/readiness")).as("readiness after start %d", start).isEqualTo(200);
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isIn(0, 143);
        }
        assertThat(answered).hasSize(40);
        assertThat(serviceEventLines(dir.resolve("records"))).hasSize(40);
        try (var traces = Files.find(dir, 2, (path, attributes) -> path.toString().endsWith(".trace.db"))) {
            assertThat(traces.map(path -> dir.relativize(path).toString())).as("H2 error logs").isEmpty();
        }
    }

    int status(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends a decision; whether it was answered 2xx, and then its service-event record id in {@code answered}. */
    boolean send(int port, String id, Map<String, String> answered) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Decisions.discussion(id, Decisions.OLDER))).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return false; // killed before it answered
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            return false;
        }
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            List<JsonString> ids = reader.readObject().getJsonArray("record_ids").getValuesAs(JsonString.class);
            assertThat(ids).as(id + "'s record ids").hasSize(1);
            answered.put(id, ids.get(0).getString());
        }
        return true;
    }

    /** {@code tutka serve} on the test's data folder, ready; its output in {@code serve-NAME.log}. */
    Process start(int port, String name) throws Exception {
        Map<String, String> settings = Decisions.settings(dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "fi.tutka.cli.TutkaCommand", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--records", settings.get("tutka.sink.dir"), "--keys", settings.get("tutka.keys.file"),
                "--ledger-url", JdbcAllocationStoreFactory.h2FileUrl(dir.resolve("ledger/allocations")),
                "--vault-url", JdbcIdentityVaultFactory.h2FileUrl(dir.resolve("vault/identities")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve-" + name + ".log").toFile());
        Process process = builder.start();
        long end = System.nanoTime() + READY.toNanos();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < end && process.isAlive()) {
            try {
                if (client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("tutka serve was not ready within " + READY.toSeconds() + " s:\n"
                + Files.readString(dir.resolve("serve-" + name + ".log")));
    }

    /**
     * The service-event records of a records folder by id, with how many lines hold each. Every line must be one
     * JSON object and end in a line feed: the sink cut the line a kill tore when it opened again.
     */
    static Map<String, Integer> serviceEventLines(Path records) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records, "*.jsonl")) {
            for (Path file : files) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(text).as(file + " ends in a line feed").endsWith("\n");
                for (String line : text.split("\n")) {
                    JsonObject record;
                    try (JsonReader reader = Json.createReader(new StringReader(line))) {
                        record = reader.readObject();
                    }
                    if (record.getString("type").equals("fi.tutka.service-event.v1")) {
                        counts.merge(record.getString("id"), 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
