package fi.tutka.cli;

import static fi.tutka.cli.TutkaCommandTest.tutka;
import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.providers.JsonLinesRecordSink;
import fi.tutka.scenarios.Scenarios;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka serve} as an operator runs it: a process of its own, stopped with SIGTERM. */
class ServeCommandTest {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String decision(int i) {
        return "{\"decision_id\":\"serve-" + i + "\",\"area\":\"179\",\"client_id\":\""
                + Scenarios.identityCode(LocalDate.of(1980, 1, 1).plusDays(i), '-', 900 + i % 100) + "\","
                + "\"event_type\":\"decision\",\"service_code\":\"THK\",\"decision_date\":\"2026-01-12\","
                + "\"decision_time\":\"2026-01-12T09:30:00+02:00\",\"client\":{\"municipality\":\"179\","
                + "\"jobseeker_status\":\"02\"}}";
    }

    @Test
    void answersUntilSigtermThenFinishesWhatWasAnsweredAndExits() throws Exception {
        int port = freePort();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TutkaCommand.class.getName(), "serve",
                "--port", Integer.toString(port), "--records", dir.resolve("records").toString(),
                "--keys", dir.resolve("keys.properties").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (status(base + "/health/readiness") != 200) {
                assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(deadline);
                assertThat(process.isAlive()).as("serve still running").isTrue();
                Thread.sleep(100);
            }
            // Requests in flight while the service is told to stop: each is answered 200 with its record durable,
            // or refused; none is answered 200 and lost.
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/decisions"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(decision(i))).build(),
                        HttpResponse.BodyHandlers.ofString()));
                if (i == 100) {
                    process.destroy(); // SIGTERM
                }
            }
            List<String> answered = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> future : sent) {
                try {
                    HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
                    if (response.statusCode() == 200) {
                        answered.add(response.body().replaceAll(".*\"record_ids\":\\[\"([^\"]+)\"\\].*", "$1"));
                    }
                } catch (java.util.concurrent.ExecutionException refused) {
                    // the connection was refused or closed after the stop: not answered, so not promised
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(answered).isNotEmpty();
            String records = Files.readString(dir.resolve("records").resolve(JsonLinesRecordSink.FILE_NAME));
            for (String id : answered) {
                assertThat(records).as("record " + id).contains("{\"id\":\"" + id + "\"");
            }
            assertThat(Files.readString(dir.resolve("serve.log"))).contains("tutka: serving at " + base,
                    "engine closed: records flushed").doesNotContain("\tat ");
        } finally {
            process.destroyForcibly();
        }
    }

    static int status(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void aPortInUseStopsTheStartWithExitCode2SayingWhichSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run = tutka("serve", "--port", Integer.toString(taken.getLocalPort()), "--records",
                    dir.resolve("records").toString(), "--keys", dir.resolve("keys.properties").toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("tutka: CONFIGURATION: the service did not start: Unable to start "
                    + "Micronaut server on 127.0.0.1:" + taken.getLocalPort() + "; check --port and --host "
                    + "(micronaut.server.port, micronaut.server.host): is another process listening there?\n");
        }
    }

    @Test
    void aPortOutOfRangeIsBadUsage() {
        Run run = tutka("serve", "--port", "99999");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--port 99999 is not a port: give one from 1 to 65535\n");
    }

    @Test
    void aRecipientThatIsNotACertificateStopsTheStartWithExitCode2() throws IOException {
        Path recipient = Files.writeString(dir.resolve("recipient.crt"), "root:x:0:0:root:/root:/bin/bash\n");

        Run run = tutka("serve", "--port", Integer.toString(freePort()), "--records", dir.resolve("records").toString(),
                "--keys", dir.resolve("keys.properties").toString(), "--recipient", recipient.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("tutka: CONFIGURATION: recipient: certificate " + recipient + " ")
                .doesNotContain("\tat ");
    }

    @Test
    void rulesThatDoNotCompileStopTheStartWithExitCode1() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("broken.drl"), "package broken;\nrule \"Broken\"\nwhen\n    Nothing(\nthen\nend\n");

        Run run = tutka("serve", "--port", Integer.toString(freePort()), "--records", dir.resolve("records").toString(),
                "--keys", dir.resolve("keys.properties").toString(), "--rules", rules.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("tutka: RULES_COMPILE: ").contains("broken.drl:").doesNotContain("\tat ");
    }
}
