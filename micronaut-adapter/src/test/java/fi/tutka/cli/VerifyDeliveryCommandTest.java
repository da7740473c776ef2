package fi.tutka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.cli.TutkaCommandTest.Run;
import fi.tutka.delivery.LinkageWriter;
import fi.tutka.delivery.Recipient;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Sha256;
import fi.tutka.sample.SampleRecipient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tutka verify-delivery} on a small delivery folder written here. */
class VerifyDeliveryCommandTest {
    static final String SUBJECT = "c3".repeat(32);

    @TempDir
    Path dir;
    Path folder;

    @BeforeEach
    void delivery() throws Exception {
        folder = Files.createDirectory(dir.resolve("tutka-837-2026H2"));
        Map<String, String> files = new TreeMap<>(Map.of(
                "codebook.csv", "file,variable,type,unit,description_fi,description_en,values\r\n"
                        + "events.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
                        + "events.csv,birth_year,integer,,Syntymävuosi,Year of birth,\r\n"
                        + "episodes.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
                        + "allocations.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n",
                "events.csv", "subject,birth_year\r\n" + SUBJECT + ",1990\r\n",
                "episodes.csv", "subject\r\n" + SUBJECT + "\r\n",
                "allocations.csv", "subject\r\n",
                "summary.html", "<!DOCTYPE html>\n<title>tutka-837-2026H2</title>\n"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        Clock clock = Clock.systemUTC();
        Recipient recipient = Recipient.load(SampleRecipient.write(dir.resolve("keys"), clock).certificate(), clock);
        try (OutputStream out = Files.newOutputStream(folder.resolve("linkage.csv.p7m"));
                LinkageWriter linkage = LinkageWriter.open(out, recipient)) {
            linkage.write(SUBJECT, "837-20260701-0a1b2c3d",
                    "010190-950" + IdentityCode.checkCharacter(LocalDate.of(1990, 1, 1), 950));
        }
        StringBuilder manifest = new StringBuilder("{\"area\": \"837\", \"period\": \"2026H2\", \"files\": [");
        for (Path file : list()) {
            String name = file.getFileName().toString();
            manifest.append(manifest.charAt(manifest.length() - 1) == '[' ? "" : ", ")
                    .append(String.format("{\"name\": \"%s\", \"bytes\": %d, \"sha256\": \"%s\"%s}", name,
                            Files.size(file), sha256(file), name.endsWith(".csv")
                                    ? ", \"rows\": " + (Files.readAllLines(file).size() - 1) : ""));
        }
        Files.writeString(folder.resolve("manifest.json"), manifest.append("]}\n"));
        String sums = list().stream().map(file -> sha256(file) + "  " + file.getFileName() + "\n")
                .collect(Collectors.joining());
        Files.writeString(folder.resolve("SHA256SUMS"), sums);
    }

    List<Path> list() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSoundDeliveryExitsZero() {
        Run run = TutkaCommandTest.tutka("verify-delivery", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(String.format("Delivery OK: 8 files checked%n"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void problemsArePrintedOneALineAndExitOne() throws Exception {
        long before = Files.size(folder.resolve("events.csv"));
        Files.writeString(folder.resolve("events.csv"), SUBJECT + ",1991\r\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        Run run = TutkaCommandTest.tutka("verify-delivery", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        String events = sha256(folder.resolve("events.csv"));
        assertThat(run.out()).isEqualTo(String.format("SHA256SUMS:4: events.csv: the file's SHA-256 is %s, not the "
                + "listed %s%n"
                + "manifest.json: events.csv: bytes %d in the manifest, %d in the folder%n"
                + "manifest.json: events.csv: sha256 in the manifest is not the file's %s%n"
                + "manifest.json: events.csv: rows 1 in the manifest, 2 in the file%n"
                + "4 problem(s) found%n", events, listed("events.csv"), before,
                Files.size(folder.resolve("events.csv")), events));
    }

    @Test
    void aDeliveryOfRecordsHoldingCodesNoRuleKnowsChecks() throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        assertThat(TutkaCommandTest.tutka("sample", "--scale", "0.02", "--period", "2026H1", "-o", sample.toString())
                .exitCode()).isZero();
        // accepted with a warning and a data-quality flag each
        Path decisions = dir.resolve("unknown.jsonl");
        Files.write(decisions, Files.readAllLines(sample).subList(0, 40).stream()
                .map(line -> line.replaceAll("\"benefit_type\":\"[a-z_]*\"", "\"benefit_type\":\"housing_allowance\"")
                        .replace("\"language_group\":\"fi\"", "\"language_group\":\"ru\""))
                .collect(Collectors.toList()));
        String records = dir.resolve("r/records").toString();
        String keys = dir.resolve("r/keys.properties").toString();
        Clock after = Clock.fixed(Instant.parse("2026-07-01T12:00:00Z"), ZoneOffset.UTC);
        Run run = TutkaCommandTest.tutka(after, "run", decisions.toString(), "--records", records, "--keys", keys);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Run deliver = TutkaCommandTest.tutka("deliver", "--area", "179", "--period", "2026H1", "--recipient",
                dir.resolve("sample-recipient/recipient.crt").toString(), "--records", records, "--keys", keys,
                "-o", dir.resolve("r/deliveries").toString());
        assertThat(deliver.exitCode()).as(deliver.err()).isZero();
        Path delivery = dir.resolve("r/deliveries/tutka-179-2026H1");

        Run verify = TutkaCommandTest.tutka("verify-delivery", delivery.toString());

        assertThat(verify.exitCode()).as(verify.out()).isZero();
        assertThat(verify.out()).isEqualTo(String.format("Delivery OK: 8 files checked%n"));
        assertThat(Files.readString(delivery.resolve("events.csv"))).contains(",ru,housing_allowance,");
        assertThat(Files.readString(delivery.resolve("codebook.csv"))).contains("|ru=ei Tutkan luokituksessa, "
                + "merkitty laatulipulla unknown_language_group / not in Tutka's classification, marked by the "
                + "quality flag unknown_language_group", "|housing_allowance=ei Tutkan luokituksessa, merkitty "
                + "laatulipulla unknown_benefit_type / not in Tutka's classification, marked by the quality flag "
                + "unknown_benefit_type");
    }

    String listed(String name) throws Exception {
        return Files.readAllLines(folder.resolve("SHA256SUMS")).stream().filter(line -> line.endsWith("  " + name))
                .findFirst().orElseThrow().substring(0, 64);
    }

    @Test
    void somethingThatIsNotAFolderExitsTwo() {
        Path missing = dir.resolve("tutka-837-2026H1");

        Run run = TutkaCommandTest.tutka("verify-delivery", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(String.format("tutka: CONFIGURATION: delivery folder %s is not a folder: "
                + "give the folder tutka-<area>-<YYYY>H<n> that tutka deliver wrote%n", missing));
    }
}
