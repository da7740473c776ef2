package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.internal.Redact;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.scenarios.Scenarios;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: sample, run, deliver, demo, on real files. */
class TutkaCommandTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run tutka(String... args) {
        return tutka(Clock.systemUTC(), args);
    }

    /** The command line on a clock of the test's own: the engine refuses decisions dated after it. */
    static Run tutka(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TutkaCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), clock);
        return new Run(code, out.toString(), err.toString());
    }

    static long number(String text, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "\\s+([\\d,]+)").matcher(text);
        assertThat(matcher.find()).as("'" + label + "' in:\n" + text).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    @Test
    void demoBuildsADeliveryThatChecksAndReRunningAddsNoRows() throws Exception {
        Run demo = tutka("demo", "--dir", dir.toString(), "--scale", "0.05", "--seed", "7");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        long lines = number(demo.out(), "Wrote");
        long invalid = Long.parseLong(demo.out().replaceAll("(?s).*\\(([\\d,]+) deliberately invalid\\).*", "$1")
                .replace(",", ""));
        long read = number(demo.out(), "Decisions read:");
        long accepted = number(demo.out(), "Accepted:");
        long rejected = number(demo.out(), "Rejected:");
        assertThat(read).isEqualTo(lines);
        assertThat(rejected).isEqualTo(invalid).isPositive();
        assertThat(accepted).isEqualTo(read - rejected);
        assertThat(number(demo.out(), "Records written:")).isEqualTo(accepted);
        assertThat(number(demo.out(), "Events written:")).isEqualTo(accepted);
        assertThat(Files.readAllLines(dir.resolve("decisions.rejected.jsonl"))).hasSize((int) rejected);

        Path delivery = dir.resolve("deliveries/tutka-179-2026H1");
        assertThat(demo.out()).contains("Delivery ready: " + delivery);
        assertThat(sha256sumCheck(delivery)).isZero();
        byte[] events = Files.readAllBytes(delivery.resolve("events.csv"));
        assertThat(events.length).isPositive();

        // The same decisions again: the same record ids, so the delivery keeps one row each.
        Run again = tutka("run", dir.resolve("decisions.jsonl").toString(), "--records",
                dir.resolve("records").toString(), "--keys", dir.resolve("keys.properties").toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        Run deliver = tutka("deliver", "--area", "179", "--period", "2026H1", "--records",
                dir.resolve("records").toString(), "--keys", dir.resolve("keys.properties").toString(),
                "--recipient", dir.resolve("sample-recipient/recipient.crt").toString(), "--output",
                dir.resolve("deliveries").toString());
        assertThat(deliver.exitCode()).as(deliver.err()).isZero();
        assertThat(number(deliver.out(), "Records read:")).isEqualTo(2 * accepted);
        assertThat(number(deliver.out(), "Duplicates dropped:")).isEqualTo(accepted);
        assertThat(Files.readAllBytes(delivery.resolve("events.csv"))).isEqualTo(events);
        assertThat(deliver.err()).contains("  reading records\n", "  writing linkage.csv.p7m\n");

        // The linkage file opens with the sample recipient's key and holds every subject of the delivery once,
        // each with its identity code: HMAC-SHA256 of it under the area key is the subject.
        Path plain = dir.resolve("linkage.csv");
        Process openssl = new ProcessBuilder("openssl", "cms", "-decrypt", "-inform", "DER", "-in",
                delivery.resolve("linkage.csv.p7m").toString(), "-recip",
                dir.resolve("sample-recipient/recipient.crt").toString(), "-inkey",
                dir.resolve("sample-recipient/recipient.key").toString(), "-out", plain.toString())
                .redirectErrorStream(true).start();
        String opensslOut = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor()).as(opensslOut).isZero();
        List<String> linkage = Files.readAllLines(plain);
        assertThat(linkage.get(0)).isEqualTo("subject,subject_key,identity_code");
        Set<String> subjects = new TreeSet<>();
        for (String row : Files.readAllLines(delivery.resolve("events.csv")).subList(1, (int) accepted + 1)) {
            subjects.add(row.split(",")[1]);
        }
        assertThat(linkage).hasSize(subjects.size() + 1);
        assertThat(number(deliver.out(), "Linkage rows:")).isEqualTo(subjects.size());
        Properties keyFile = new Properties();
        keyFile.load(new StringReader(Files.readString(dir.resolve("keys.properties"))));
        for (String row : linkage.subList(1, linkage.size())) {
            String[] cells = row.split(",");
            assertThat(subjects).contains(cells[0]);
            assertThat(Integer.parseInt(cells[2].substring(7, 10))).isBetween(900, 999);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(
                    keyFile.getProperty("key." + cells[1])), "HmacSHA256"));
            assertThat(HexFormat.of().formatHex(mac.doFinal(cells[2].toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8)))).isEqualTo(cells[0]);
        }
        assertThat(recordIds(dir.resolve("records/tutka-records.jsonl"))).hasSize((int) accepted);
    }

    @Test
    void noIdentityCodeInAnyOutput() throws Exception {
        Run demo = tutka("demo", "--dir", dir.toString(), "--scale", "0.02");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(Redact.containsIdentityCode(demo.out() + demo.err())).isFalse();

        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> outputs = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals("decisions.jsonl"))
                    .collect(Collectors.toList());
            assertThat(outputs).extracting(f -> f.getFileName().toString())
                    .contains("tutka-records.jsonl", "events.csv", "codebook.csv", "manifest.json", "SHA256SUMS");
            for (Path file : outputs) {
                assertThat(Redact.containsIdentityCode(Files.readString(file, StandardCharsets.ISO_8859_1)))
                        .as(file.toString()).isFalse();
            }
        }
        assertThat(Redact.containsIdentityCode(Files.readString(dir.resolve("decisions.jsonl")))).isTrue();
    }

    @Test
    void aFileWithAByteOrderMarkAndWindowsLineEndingsIsReadWhole() throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        assertThat(tutka("sample", "--scale", "0.01", "-o", sample.toString()).exitCode()).isZero();
        List<String> valid = Files.readAllLines(sample).stream().filter(line -> {
            try {
                fi.tutka.codec.TutkaJson.readDecision(line);
                return true;
            } catch (fi.tutka.api.TutkaException e) {
                return false;
            }
        }).limit(3).collect(Collectors.toList());
        Path windows = dir.resolve("windows.jsonl");
        Files.writeString(windows, "\uFEFF" + String.join("\r\n", valid) + "\r\n", StandardCharsets.UTF_8);

        Run run = tutka("run", windows.toString(), "--records", dir.resolve("r").toString(), "--keys",
                dir.resolve("k.properties").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(number(run.out(), "Accepted:")).isEqualTo(3);
        assertThat(number(run.out(), "Rejected:")).isZero();
    }

    @Test
    void badUsageNamesTheOptionAndHowToFixIt() {
        Run run = tutka("deliver", "--area", "179", "--period", "2026-H1", "--recipient", "x.crt");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'2026-H1' is not a half-year: write it as 2026H1 (1 Jan-30 Jun) or 2026H2");
    }

    @Test
    void deliverNamesTheOptionThatIsWrong() {
        Run area = tutka("deliver", "--area", "17", "--period", "2026H1", "--records", dir.toString(),
                "--recipient", "x.crt");
        Run records = tutka("deliver", "--area", "179", "--period", "2026H1", "--records",
                dir.resolve("nope").toString(), "--recipient", "x.crt");

        assertThat(area.exitCode()).isEqualTo(2);
        assertThat(area.err()).isEqualTo("tutka: CONFIGURATION: --area '17' is not an area: give its host "
                + "municipality's 3-digit code, such as 179\n");
        assertThat(records.exitCode()).isEqualTo(2);
        assertThat(records.err()).isEqualTo("tutka: CONFIGURATION: --records " + dir.resolve("nope")
                + " is not a folder: give the folder that tutka run wrote records to\n");
    }

    @Test
    void aMissingDecisionsFileIsAClearError() {
        Run run = tutka("run", dir.resolve("nope.jsonl").toString(), "--records", dir.resolve("r").toString(),
                "--keys", dir.resolve("k.properties").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("tutka: IO: decisions file " + dir.resolve("nope.jsonl")
                + " does not exist: give a JSON Lines file\n");
    }

    @Test
    void theRejectsFileCanBeNeitherTheInputNorInTheRecords() throws IOException {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "{}\n");
        String records = dir.resolve("r").toString();
        String keys = dir.resolve("k.properties").toString();

        Run same = tutka("run", input.toString(), "--rejects", input.toString(), "--records", records, "--keys", keys);
        Run inside = tutka("run", input.toString(), "--rejects", dir.resolve("r/x.jsonl").toString(), "--records",
                records, "--keys", keys);

        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("--rejects " + input + " is the decisions file itself");
        assertThat(Files.readString(input)).isEqualTo("{}\n");
        assertThat(inside.exitCode()).isEqualTo(2);
        assertThat(inside.err()).contains("is inside the records folder");
    }

    @Test
    void aLineThatIsNotUtf8IsRejectedByNumberAndTheRunGoesOn() throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        assertThat(tutka("sample", "--scale", "0.01", "-o", sample.toString()).exitCode()).isZero();
        List<String> lines = Files.readAllLines(sample);
        byte[] latin1 = "{\"service_code\":\"P\u00e4\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        try (var out = Files.newOutputStream(dir.resolve("mixed.jsonl"))) {
            out.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write(latin1);
            out.write((lines.get(1) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Run run = tutka("run", dir.resolve("mixed.jsonl").toString(), "--records", dir.resolve("r").toString(),
                "--keys", dir.resolve("k.properties").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(number(run.out(), "Decisions read:")).isEqualTo(3);
        assertThat(run.out()).contains("1  (whole decision): not valid UTF-8");
        assertThat(Files.readAllLines(dir.resolve("mixed.rejected.jsonl")))
                .contains("{\"line\":2,\"errors\":[{\"pointer\":\"\",\"message\":\"not valid UTF-8\"}]}");
    }

    @Test
    void deliverRefusesAnAreaNotServedAndAHalfYearBeforeTheReform() {
        Run other = tutka("deliver", "--area", "999", "--period", "2026H1", "--records", dir.toString(),
                "--recipient", "x.crt");
        Run early = tutka("deliver", "--area", "179", "--period", "2024H2", "--records", dir.toString(),
                "--recipient", "x.crt");
        Run listed = tutka("deliver", "--area", "179", "--areas", "837", "--period", "2026H1", "--records",
                dir.toString(), "--recipient", "x.crt");
        Run badList = tutka("deliver", "--area", "179", "--areas", "179,Jyväskylä", "--period", "2026H1",
                "--records", dir.toString(), "--recipient", "x.crt");

        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).isEqualTo("tutka: CONFIGURATION: --area 999 is not an area this Tutka serves: this "
                + "Tutka serves areas 179, 837 (setting tutka.areas); give one of them, or list the areas with "
                + "--areas\n");
        assertThat(early.exitCode()).isEqualTo(2);
        assertThat(early.err()).isEqualTo("tutka: CONFIGURATION: --period 2024H2 is before 2025H1: employment areas "
                + "deliver from the TE reform (1 January 2025) on\n");
        assertThat(listed.exitCode()).isEqualTo(2);
        assertThat(listed.err()).startsWith("tutka: CONFIGURATION: --area 179 is not an area this Tutka serves: "
                + "this Tutka serves area 837 (setting tutka.areas)");
        assertThat(badList.exitCode()).isEqualTo(2);
        assertThat(badList.err()).isEqualTo("tutka: CONFIGURATION: --areas: 'Jyväskylä' is not an area code: give "
                + "the areas' 3-digit host municipality codes, separated by commas, such as 179,837\n");
    }

    @Test
    void runRejectsADecisionOfAnAreaNotServedAndMakesNoKeyForIt() throws Exception {
        String client = Scenarios.identityCode(LocalDate.of(1970, 6, 1), '-', 943);
        Path input = dir.resolve("areas.jsonl");
        Files.writeString(input, discussion("A-1", client, "THK") + "\n"
                + discussion("A-2", client, "THK").replace("\"area\":\"179\"", "\"area\":\"999\"") + "\n");
        Path keys = dir.resolve("k.properties");

        Run run = tutka("run", input.toString(), "--records", dir.resolve("r").toString(), "--keys",
                keys.toString());
        Run only837 = tutka("run", input.toString(), "--records", dir.resolve("r837").toString(), "--keys",
                dir.resolve("k837.properties").toString(), "--areas", "837");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(number(run.out(), "Accepted:")).isEqualTo(1);
        assertThat(run.out()).contains("1  /area: is not an area this Tutka serves: this Tutka serves areas 179, 837 "
                + "(setting tutka.areas)");
        assertThat(Files.readString(keys)).contains("current.179=").doesNotContain("999");
        assertThat(number(only837.out(), "Rejected:")).isEqualTo(2);
        assertThat(only837.out()).contains("2  /area: is not an area this Tutka serves: this Tutka serves area 837 "
                + "(setting tutka.areas)");
    }

    /** A job-search discussion in area 179 in January 2026 (outside every trial), with the given service code. */
    static String discussion(String id, String clientId, String serviceCode) {
        return "{\"decision_id\":\"" + id + "\",\"area\":\"179\",\"client_id\":\"" + clientId + "\","
                + "\"event_type\":\"decision\",\"service_code\":\"" + serviceCode + "\",\"decision_date\":"
                + "\"2026-01-12\",\"decision_time\":\"2026-01-12T09:30:00+02:00\",\"client\":{\"municipality\":"
                + "\"179\",\"jobseeker_status\":\"02\",\"unemployment_start\":\"2025-06-01\",\"education_level\":"
                + "\"3\",\"language_group\":\"fi\",\"benefit_type\":\"none\"}}";
    }

    @Test
    void aDecisionWhoseRuleFailsIsCountedAndItsLineWrittenAndTheRunGoesOnThenExits1() throws Exception {
        String client = Scenarios.identityCode(LocalDate.of(1970, 6, 1), '-', 942);
        Path input = dir.resolve("boom.jsonl");
        // Batches of 2: the failures are in the first batch and the third, each beside a decision that is written.
        Files.writeString(input, String.join("\n", discussion("R-1", client, "THK"), discussion("R-2", client, "BOOM"),
                discussion("R-3", "not-a-code", "THK"), discussion("R-4", client, "THK"),
                discussion("R-5", client, "BOOM")) + "\n");
        Path rejects = dir.resolve("boom.rejected.jsonl");
        Path records = dir.resolve("records");
        // boom.drl: rule "Fails on BOOM" throws IllegalStateException("boom for 010190-999P")
        Path rules = RulesValidateCommandTest.resource("failing-rules");

        Run run = tutka("run", input.toString(), "--records", records.toString(), "--keys",
                dir.resolve("k.properties").toString(), "--rules", rules.toString(), "--batch", "2", "--threads",
                "2");

        String failure = "RULE_EVALUATION: rule 'Fails on BOOM' (boom.drl) failed: IllegalStateException: boom for "
                + "<identity code>";
        assertThat(run.out().replaceAll("(?m)^(Ruleset version: +|Time: +).*$", "$1...")).isEqualTo(String.join("\n",
                "Decisions read:     5",
                "Accepted:           2",
                "Rejected:           1  (lines and reasons in " + rejects + ")",
                "         1  /client_id: not a valid personal identity code: identity code must have 11 characters, "
                        + "has 10",
                "Failed:             2  (rule evaluation; lines and reasons in " + rejects + ")",
                "         2  " + failure,
                "Warnings:           0",
                "Records written:    2  (durable, in " + records + ")",
                "Ruleset version:    ...",
                "Time:               ...") + "\n");
        assertThat(run.err()).isEqualTo("tutka: 2 decisions failed on the rules (RULE_EVALUATION) and were not "
                + "evaluated: their lines are in " + rejects + ". Fix the rules and run the file again: the decisions "
                + "evaluated now keep their record ids and arms.\n");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Files.readAllLines(rejects)).containsExactly(
                "{\"line\":2,\"failure\":\"" + failure + "\"}",
                "{\"line\":3,\"errors\":[{\"pointer\":\"/client_id\",\"message\":\"not a valid personal identity "
                        + "code: identity code must have 11 characters, has 10\"}]}",
                "{\"line\":5,\"failure\":\"" + failure + "\"}");
        assertThat(recordIds(records.resolve("tutka-records.jsonl"))).hasSize(2);
        assertThat(Redact.containsIdentityCode(run.out() + run.err() + Files.readString(rejects))).isFalse();
    }

    @Test
    void aTrialHalfYearRandomisesBlocksAndFlagsAndTheDeliveryAnchorsTheLedgerHead() throws Exception {
        Path decisions = dir.resolve("h2.jsonl");
        String records = dir.resolve("records").toString();
        // Fixed keys, so that the arms, and so the verdicts, are the same on every run.
        Path keyFile = dir.resolve("keys.properties");
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(keyFile, "current.179=179-test\nkey.179-test=" + secret
                + "\ncurrent.trial.youth-coaching-2026=trials-test\n"
                + "current.trial.older-long-term-unemployed-2026=trials-test\nkey.trials-test=" + secret + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        String keys = keyFile.toString();
        // A third of a half-year on one thread: permuted blocks give arms in the order clients are randomised, which
        // two threads would vary; in this order four decisions contradict an arm enforced by FLAG.
        assertThat(tutka("sample", "--period", "2026H2", "--scale", "0.3", "-o", decisions.toString()).exitCode())
                .isZero();

        // The half-year's last day: no decision is more than a day ahead, and the allocations, dated by this clock,
        // fall in the half-year.
        Clock after = Clock.fixed(Instant.parse("2026-12-31T12:00:00Z"), ZoneOffset.UTC);
        Run run = tutka(after, "run", decisions.toString(), "--records", records, "--keys", keys, "--threads", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        long randomised = number(run.out(), "Randomised:");
        assertThat(randomised).isPositive();
        assertThat(run.out()).contains("Verdicts:           ALLOW 7,536 FLAG 4 BLOCK 15\n");
        long accepted = number(run.out(), "Accepted:");
        long blocked = Long.parseLong(run.out().replaceAll("(?s).*BLOCK ([\\d,]+).*", "$1").replace(",", ""));
        assertThat(number(run.out(), "Records written:")).isEqualTo(accepted - blocked + randomised);

        Run verify = tutka("trials", "verify-ledger", "--records", records);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(number(verify.out(), "Entries checked:")).isEqualTo(randomised);
        String head = verify.out().replaceAll("(?s).*Head: +([0-9a-f]{64}).*", "$1");

        String recipient = dir.resolve("sample-recipient/recipient.crt").toString();
        Run deliver = tutka("deliver", "--area", "179", "--period", "2026H2", "--records", records, "--keys", keys,
                "--recipient", recipient, "--output", dir.resolve("deliveries").toString());
        assertThat(deliver.exitCode()).as(deliver.err()).isZero();
        assertThat(deliver.out()).contains(String.format("%,8d  fi.tutka.trial-allocation.v1", randomised));
        assertThat(number(deliver.out(), "Allocations:")).isEqualTo(randomised);
        assertThat(Files.readAllLines(dir.resolve("deliveries/tutka-179-2026H2/allocations.csv")))
                .hasSize((int) randomised + 1);
        String manifest = Files.readString(dir.resolve("deliveries/tutka-179-2026H2/manifest.json"));
        assertThat(manifest).contains("\"ledger_head\": \"" + head + "\"");

        // Again: nobody is randomised twice, and the ledger does not move.
        Run again = tutka(after, "run", decisions.toString(), "--records", records, "--keys", keys);
        assertThat(again.out()).doesNotContain("Randomised:");
        Run verifyAgain = tutka("trials", "verify-ledger", "--records", records);
        assertThat(verifyAgain.out()).contains(head);

        // A ledger edited by hand: the delivery refuses to vouch for it.
        try (Connection ledger = DriverManager.getConnection(JdbcAllocationStoreFactory.h2FileUrl(
                dir.resolve("ledger/allocations")));
                Statement sql = ledger.createStatement()) {
            assertThat(sql.executeUpdate("UPDATE tutka_allocation SET arm = CASE WHEN arm = 'control' THEN "
                    + "'intensified' ELSE 'control' END WHERE position = 1")).isEqualTo(1);
        }
        Run tampered = tutka("deliver", "--area", "179", "--period", "2026H2", "--records", records, "--keys", keys,
                "--recipient", recipient, "--output", dir.resolve("deliveries").toString());
        assertThat(tampered.exitCode()).as(tampered.err()).isEqualTo(1);
        assertThat(tampered.err()).contains("fails its check (1 problem(s), the first: position 1:")
                .contains("so no delivery was built: see tutka trials verify-ledger");
    }

    static int sha256sumCheck(Path folder) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sha256sum", "--quiet", "-c", "SHA256SUMS").directory(folder.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        assertThat(output).isEmpty();
        return code;
    }

    static Set<String> recordIds(Path records) throws IOException {
        Set<String> ids = new HashSet<>();
        Pattern id = Pattern.compile("^\\{\"id\":\"([0-9a-f-]{36})\"");
        for (String line : Files.readAllLines(records)) {
            Matcher matcher = id.matcher(line);
            assertThat(matcher.find()).isTrue();
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
