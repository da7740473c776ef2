package fi.tutka.delivery;

import fi.tutka.internal.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A small delivery folder written by hand, valid as it stands, for the verifier's tests to break one way at a time.
 * {@link #seal} writes {@code manifest.json} and {@code SHA256SUMS} for the files as they are.
 */
final class TestDelivery {
    static final String NAME = "tutka-179-2026H1";
    static final String SUBJECT_1 = "a1".repeat(32);
    static final String SUBJECT_2 = "b2".repeat(32);
    static final String KEY_ID = "179-20260105-ab12cd34";
    static final String EVENTS = "record_id,subject,event_type,birth_year,cost_eur,decision_date,statutory,"
            + "quality_flags\r\n"
            + "r-1," + SUBJECT_1 + ",decision,1990,9000.50,2026-03-02,true,\r\n"
            + "r-2," + SUBJECT_2 + ",start,1985,,2026-03-09,false,unknown_service_code;trial_arm_contradiction\r\n";
    static final String EPISODES = "subject,start_date\r\n" + SUBJECT_1 + ",2026-03-09\r\n";
    static final String ALLOCATIONS = "subject,arm\r\n";
    static final String CODEBOOK = "file,variable,type,unit,description_fi,description_en,values\r\n"
            + "events.csv,record_id,string,,Tietueen tunniste,Record id,\r\n"
            + "events.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
            + "events.csv,event_type,string,,Tapahtuman laji,What happened,referral=ohjaus / referral"
            + "|decision=päätös / decision|start=aloitus / start\r\n"
            + "events.csv,birth_year,integer,,Syntymävuosi,Year of birth,\r\n"
            + "events.csv,cost_eur,decimal,EUR,Kustannus,Cost,\r\n"
            + "events.csv,decision_date,date,,Päätöspäivä,Decision date,\r\n"
            + "events.csv,statutory,boolean,,Lakisääteinen,Statutory,\r\n"
            + "events.csv,quality_flags,list,,\"Laatuliput, ;-eroteltuina\",\"Quality flags, separated by ;\","
            + "unknown_service_code=tuntematon koodi / unknown code|trial_arm_contradiction=ristiriita / "
            + "contradiction\r\n"
            + "episodes.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
            + "episodes.csv,start_date,date,,Alkamispäivä,Start date,\r\n"
            + "allocations.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
            + "allocations.csv,arm,string,,Haara,Arm,control=verrokki / control|treatment=koe / treatment\r\n"
            + "linkage.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
            + "linkage.csv,subject_key,string,,Avaimen tunniste,Key id,\r\n"
            + "linkage.csv,identity_code,string,,Henkilötunnus,Personal identity code,\r\n";
    static final String SUMMARY = "<!DOCTYPE html>\n<html lang=\"fi\">\n<head><title>" + NAME + "</title></head>\n"
            + "<body><p>2 events</p></body>\n</html>\n";

    private static TestCertificates.Holder recipient;

    private TestDelivery() {
    }

    /** Writes a valid delivery folder {@value #NAME} in {@code parent}. */
    static Path write(Path parent) throws Exception {
        Path folder = Files.createDirectory(parent.resolve(NAME));
        Files.writeString(folder.resolve("events.csv"), EVENTS, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("episodes.csv"), EPISODES, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("allocations.csv"), ALLOCATIONS, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("codebook.csv"), CODEBOOK, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("summary.html"), SUMMARY, StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(folder.resolve("linkage.csv.p7m"));
                LinkageWriter linkage = LinkageWriter.open(out, recipient(parent))) {
            linkage.write(SUBJECT_1, KEY_ID, TestCertificates.identityCode(901));
            linkage.write(SUBJECT_2, KEY_ID, TestCertificates.identityCode(902));
        }
        seal(folder);
        return folder;
    }

    private static synchronized Recipient recipient(Path parent) throws Exception {
        Instant now = Instant.now();
        if (recipient == null) {
            Path keys = Files.createTempDirectory("tutka-test-recipient");
            recipient = TestCertificates.write(keys, "recipient", TestCertificates.rsa(2048),
                    now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS), KeyUsage.keyEncipherment);
            // Deleted when the JVM exits, the files before their folder (deleteOnExit runs in reverse order).
            keys.toFile().deleteOnExit();
            try (var files = Files.list(keys)) {
                files.forEach(file -> file.toFile().deleteOnExit());
            }
        }
        return Recipient.load(recipient.certificate(), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Writes {@code manifest.json} and {@code SHA256SUMS} for the files as they are. */
    static void seal(Path folder) throws IOException {
        seal(folder, UnaryOperator.identity());
    }

    /** The same, with the manifest's text changed by {@code edit} before it is written and hashed. */
    static void seal(Path folder, UnaryOperator<String> edit) throws IOException {
        Files.deleteIfExists(folder.resolve("manifest.json"));
        Files.deleteIfExists(folder.resolve("SHA256SUMS"));
        List<String> names = names(folder);
        StringBuilder manifest = new StringBuilder("{\n  \"format\": \"tutka-delivery/1\",\n  \"area\": \"179\",\n"
                + "  \"period\": \"2026H1\",\n  \"files\": [\n");
        for (int i = 0; i < names.size(); i++) {
            Path file = folder.resolve(names.get(i));
            manifest.append("    {\"name\": \"").append(names.get(i)).append("\", \"bytes\": ")
                    .append(Files.size(file)).append(", \"sha256\": \"").append(sha256(file)).append('"');
            if (names.get(i).endsWith(".csv")) {
                manifest.append(", \"rows\": ").append(rows(file));
            }
            manifest.append(i + 1 < names.size() ? "},\n" : "}\n");
        }
        manifest.append("  ]\n}\n");
        Files.writeString(folder.resolve("manifest.json"), edit.apply(manifest.toString()), StandardCharsets.UTF_8);
        StringBuilder sums = new StringBuilder();
        for (String name : names(folder)) {
            sums.append(sha256(folder.resolve(name))).append("  ").append(name).append('\n');
        }
        Files.writeString(folder.resolve("SHA256SUMS"), sums, StandardCharsets.UTF_8);
    }

    /** Replaces a file's text and seals the folder again, so that only what the text breaks is found. */
    static void replace(Path folder, String file, String text) throws IOException {
        Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
        seal(folder);
    }

    /** Replaces a file's bytes and seals the folder again. */
    static void replace(Path folder, String file, byte[] bytes) throws IOException {
        Files.write(folder.resolve(file), bytes);
        seal(folder);
    }

    static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(Sha256.digest().digest(Files.readAllBytes(file)));
    }

    /** Data rows of one of these small CSV files (no cell holds a line break): lines less the header. */
    private static long rows(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        long lines = text.chars().filter(c -> c == '\n').count() + (text.isEmpty() || text.endsWith("\n") ? 0 : 1);
        return Math.max(0, lines - 1);
    }

    private static List<String> names(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(file -> names.add(file.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }
}
