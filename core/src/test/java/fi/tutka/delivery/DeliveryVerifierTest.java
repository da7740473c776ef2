package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery verifier on a small valid folder, broken one way at a time. */
class DeliveryVerifierTest {
    @TempDir
    Path temp;
    Path folder;

    @BeforeEach
    void delivery() throws Exception {
        folder = TestDelivery.write(temp);
    }

    List<String> problems() {
        return DeliveryVerifier.verify(folder).stream().map(DeliveryVerifier.Problem::toString)
                .collect(Collectors.toList());
    }

    String sha256(String file) throws Exception {
        return TestDelivery.sha256(folder.resolve(file));
    }

    /** The line of SHA256SUMS that lists a file. */
    long sumsLine(String file) throws Exception {
        List<String> lines = Files.readAllLines(folder.resolve("SHA256SUMS"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("  " + file)) {
                return i + 1;
            }
        }
        throw new AssertionError(file + " is not listed");
    }

    @Test
    void aSoundDeliveryHasNoProblems() {
        DeliveryVerifier.Result result = DeliveryVerifier.check(folder);

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.filesChecked()).isEqualTo(8);
        assertThat(result.problemCount()).isZero();
    }

    @Test
    void aChangedByteIsAChecksumMismatch() throws Exception {
        String listed = sha256("events.csv");
        Files.writeString(folder.resolve("events.csv"), TestDelivery.EVENTS.replace(",1990,", ",1991,"));

        assertThat(problems()).containsExactly(
                "SHA256SUMS:" + sumsLine("events.csv") + ": events.csv: the file's SHA-256 is " + sha256("events.csv")
                        + ", not the listed " + listed,
                "manifest.json: events.csv: sha256 in the manifest is not the file's " + sha256("events.csv"));
    }

    @Test
    void aMissingFileIsNamedByEveryCheckThatExpectsIt() throws Exception {
        long listedOn = sumsLine("episodes.csv");
        Files.delete(folder.resolve("episodes.csv"));

        assertThat(problems()).containsExactly(
                "episodes.csv: missing: every delivery holds this file",
                "SHA256SUMS:" + listedOn + ": episodes.csv is listed but not in the folder",
                "manifest.json: files[2] lists episodes.csv, which is not in the folder",
                "codebook.csv: describes episodes.csv, which is not in the delivery");
    }

    @Test
    void anExtraFileHiddenOrNotIsNamed() throws Exception {
        Files.writeString(folder.resolve(".DS_Store"), "x");
        Files.writeString(folder.resolve("notes.txt"), "x");

        assertThat(problems()).containsExactly(
                "SHA256SUMS: .DS_Store is in the folder but not listed",
                "SHA256SUMS: notes.txt is in the folder but not listed",
                "manifest.json: .DS_Store is in the folder but not in 'files'",
                "manifest.json: notes.txt is in the folder but not in 'files'");
    }

    @Test
    void anExtraFileListedEverywhereIsFineUnlessItIsAnUndescribedCsv() throws Exception {
        Files.writeString(folder.resolve("README.txt"), "Tutka delivery\n");
        Files.writeString(folder.resolve("extra.csv"), "a\r\n1\r\n");
        TestDelivery.seal(folder);

        assertThat(problems()).containsExactly("extra.csv: is not described in codebook.csv");
    }

    @Test
    void aFolderInsideTheDeliveryIsAProblem() throws Exception {
        Files.createDirectory(folder.resolve("charts"));

        assertThat(problems()).containsExactly("charts: is a folder; a delivery holds only regular files");
    }

    @Test
    void sha256sumsMustBeInSha256sumFormat() throws Exception {
        String text = Files.readString(folder.resolve("SHA256SUMS"));
        String[] lines = text.split("\n");
        lines[0] = lines[0].substring(0, 64).toUpperCase(Locale.ROOT) + lines[0].substring(64);
        lines[1] = lines[1].replace("  ", " *");
        lines[2] = lines[2] + "\r";
        Files.writeString(folder.resolve("SHA256SUMS"), String.join("\n", lines) + "\n" + lines[3]);

        assertThat(problems()).containsExactly(
                "SHA256SUMS: the last line does not end with a line feed",
                "SHA256SUMS:1: is not '<64 lower-case hex digits><two spaces><file name>'",
                "SHA256SUMS:2: is not '<64 lower-case hex digits><two spaces><file name>'",
                "SHA256SUMS:3: ends with CR LF: sha256sum -c wants LF alone",
                "SHA256SUMS:8: events.csv is listed again (first on line 4)",
                "SHA256SUMS: allocations.csv is in the folder but not listed",
                "SHA256SUMS: codebook.csv is in the folder but not listed");
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws Exception {
        byte[] events = TestDelivery.EVENTS.replace("r-2", "r-\u00e4").getBytes(StandardCharsets.UTF_8);
        int at = new String(events, StandardCharsets.ISO_8859_1).indexOf("r-\u00c3") + 2;
        events[at + 1] = (byte) 0x28;
        TestDelivery.replace(folder, "events.csv", events);

        assertThat(problems()).containsExactly("events.csv:3: not valid UTF-8");
    }

    @Test
    void aRaggedRowIsReported() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS.replace(",true,\r\n", ",true\r\n"));

        assertThat(problems()).containsExactly("events.csv:2: 7 cells, the header has 8");
    }

    @Test
    void cellsOfTheWrongTypeAreReported() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS
                .replace(",1990,9000.50,2026-03-02,true,", ",199O,9000.50,2026-02-30,yes,")
                .replace(",1985,,2026-03-09,false,", ",1985,1e3,09.03.2026,false,"));

        assertThat(problems()).containsExactly(
                "events.csv:2: column birth_year: '199O' is not an integer",
                "events.csv:2: column decision_date: '2026-02-30' is not a real date",
                "events.csv:2: column statutory: 'yes' is not true or false",
                "events.csv:3: column cost_eur: '1e3' is not a plain decimal number",
                "events.csv:3: column decision_date: '09.03.2026' is not a date yyyy-mm-dd");
    }

    @Test
    void anUnknownCodeIsReportedAlsoInsideAList() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS
                .replace(",decision,", ",appeal,")
                .replace("unknown_service_code;trial", "unknown_service_code;;trial"));
        TestDelivery.replace(folder, "allocations.csv", TestDelivery.ALLOCATIONS + TestDelivery.SUBJECT_1
                + ",Control\r\n");

        assertThat(problems()).containsExactly(
                "allocations.csv:2: column arm: 'Control' is not one of its codes",
                "events.csv:2: column event_type: 'appeal' is not one of its codes",
                "events.csv:3: column quality_flags: item '' is not one of its codes");
    }

    @Test
    void aHeaderDifferingFromTheCodebookIsReported() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS.replace("birth_year,cost_eur",
                "cost_eur,birth_year"));
        TestDelivery.replace(folder, "episodes.csv", TestDelivery.EPISODES.replace("start_date\r\n",
                "start_date,end_date\r\n").replace("2026-03-09\r\n", "2026-03-09,\r\n"));
        TestDelivery.replace(folder, "allocations.csv", "subject\r\n");

        assertThat(problems()).containsExactly(
                "allocations.csv:1: the header stops after column 1; codebook.csv says 2 columns, the next 'arm'",
                "episodes.csv:1: header column 3 'end_date' is beyond the 2 columns codebook.csv says",
                "events.csv:1: header column 4 is 'cost_eur', but codebook.csv says 'birth_year'");
    }

    @Test
    void aRowCountNotMatchingTheManifestIsReported() throws Exception {
        TestDelivery.seal(folder, manifest -> manifest.replaceFirst("(?<head>\"events\\.csv\".*\"rows\": )2",
                "${head}3"));

        assertThat(problems()).containsExactly("manifest.json: events.csv: rows 3 in the manifest, 2 in the file");
    }

    @Test
    void anIdentityCodeInTheSummaryIsReportedByLineWithoutTheValue() throws Exception {
        String code = TestCertificates.identityCode(903);
        TestDelivery.replace(folder, "summary.html", TestDelivery.SUMMARY.replace("<p>2 events</p>",
                "<p>2 events</p>\n<p>client " + code + "</p>"));

        List<String> problems = problems();

        assertThat(problems).containsExactly("summary.html:5: holds a value shaped like a personal identity code "
                + "(not shown); no file but linkage.csv.p7m may hold one");
        assertThat(String.join("\n", problems)).doesNotContain(code);
    }

    @Test
    void anIdentityCodeInACsvCellIsNeverEchoed() throws Exception {
        String code = TestCertificates.identityCode(904);
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS.replace(",decision,", "," + code + ","));

        List<String> problems = problems();

        assertThat(problems).containsExactly(
                "events.csv:2: column event_type: '<identity code>' is not one of its codes",
                "events.csv:2: holds a value shaped like a personal identity code (not shown); no file but "
                        + "linkage.csv.p7m may hold one");
        assertThat(String.join("\n", problems)).doesNotContain(code);
    }

    @Test
    void csvThatStraysFromRfc4180IsReportedWithItsLines() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS.replaceFirst("\r\n", "\n")
                .replace("r-1,", "r\"1,").replace("r-2,", "\"r-2\"x,").replaceAll("\r\n$", ""));

        assertThat(problems()).containsExactly(
                "events.csv:1: a record ends with LF alone: RFC 4180 ends records with CRLF",
                "events.csv:2: a double quote inside a cell that is not quoted: quote the cell and double the quote",
                "events.csv:3: text after a closing double quote: a quoted cell ends at its closing quote",
                "events.csv:3: the last record does not end with CRLF");
    }

    @Test
    void anUnclosedQuoteStopsTheFileAndItsRowCount() throws Exception {
        TestDelivery.replace(folder, "events.csv", TestDelivery.EVENTS.replace(",decision,", ",\"decision,"));

        assertThat(problems()).containsExactly(
                "events.csv:2: a quoted cell opened on this line is not closed before the end of the file; the rest "
                        + "of the file is not checked");
    }

    @Test
    void aByteOrderMarkIsReported() throws Exception {
        TestDelivery.replace(folder, "episodes.csv", "\uFEFF" + TestDelivery.EPISODES);

        assertThat(problems()).containsExactly(
                "episodes.csv:1: starts with a byte-order mark, which UTF-8 CSV files here do not have");
    }

    @Test
    void anEmptyCsvFileIsReported() throws Exception {
        TestDelivery.replace(folder, "allocations.csv", "");

        assertThat(problems()).containsExactly("allocations.csv: is empty: a CSV file starts with its header row");
    }

    @Test
    void aBadCodebookIsReported() throws Exception {
        TestDelivery.replace(folder, "codebook.csv", TestDelivery.CODEBOOK
                .replace("events.csv,birth_year,integer", "events.csv,birth_year,int")
                .replace("|treatment=koe / treatment", "|control=koe / treatment")
                .replace("|start=aloitus / start", "|start")
                + "events.csv,subject,string,,Pseudonyymi,Pseudonym,\r\n"
                + "summary.csv,x,string,,x,x,\r\n");

        assertThat(problems()).containsExactly(
                "codebook.csv:4: values of events.csv variable event_type is not code=meaning|code=meaning...: item "
                        + "3 is not code=meaning",
                "codebook.csv:5: type 'int' of events.csv variable birth_year is not one of string, integer, "
                        + "decimal, date, boolean, list",
                "codebook.csv:13: values of allocations.csv variable arm gives code 'control' twice",
                "codebook.csv:17: events.csv variable subject is described again (first on line 3)",
                "codebook.csv: describes summary.csv, which is not in the delivery");
    }

    @Test
    void theManifestMustNameTheFoldersAreaAndPeriod() throws Exception {
        TestDelivery.seal(folder, manifest -> manifest.replace("\"179\"", "\"837\"").replace("2026H1", "2026H2"));

        assertThat(problems()).containsExactly(
                "manifest.json: area '837' is not the folder name's '179' (tutka-179-2026H1)",
                "manifest.json: period '2026H2' is not the folder name's '2026H1' (tutka-179-2026H1)");
    }

    @Test
    void theManifestsFilesMustMatchTheFolder() throws Exception {
        TestDelivery.seal(folder, manifest -> manifest
                .replaceFirst("(?<head>\"allocations\\.csv\", \"bytes\": )\\d+", "${head}1")
                .replaceFirst("(?<head>\"codebook\\.csv\", \"bytes\": \\d+, \"sha256\": \")[0-9a-f]{64}",
                        "${head}" + "0".repeat(64))
                .replaceFirst(", \"rows\": 1}", "}")
                .replace("\"name\": \"summary.html\"", "\"name\": \"events.csv\"")
                .replace("\"files\": [\n", "\"files\": [\n    {\"name\": \"SHA256SUMS\"},\n    {\"name\": "
                        + "\"gone.csv\", \"bytes\": 0, \"sha256\": \"\", \"rows\": 0},\n    42,\n"));

        assertThat(problems()).containsExactly(
                "manifest.json: files[0] lists SHA256SUMS, which 'files' leaves out",
                "manifest.json: files[1] lists gone.csv, which is not in the folder",
                "manifest.json: files[2] is not an object with a 'name' string",
                "manifest.json: allocations.csv: bytes 1 in the manifest, " + Files.size(
                        folder.resolve("allocations.csv")) + " in the folder",
                "manifest.json: codebook.csv: sha256 in the manifest is not the file's " + sha256("codebook.csv"),
                "manifest.json: episodes.csv: no 'rows' whole number",
                "manifest.json: files[8] lists events.csv again",
                "manifest.json: summary.html is in the folder but not in 'files'");
    }

    @Test
    void aManifestThatIsNotJsonIsReportedWithItsLine() throws Exception {
        TestDelivery.seal(folder, manifest -> manifest.replace("\"area\": \"179\",", "\"area\": 179 179,"));

        assertThat(problems()).containsExactly("manifest.json:3: is not valid JSON");

        TestDelivery.seal(folder, manifest -> manifest.replace("\"files\": [", "\"area\": \"179\", \"files\": ["));

        assertThat(problems()).containsExactly("manifest.json:5: names member 'area' twice in one object");

        TestDelivery.seal(folder, manifest -> "[]\n");

        assertThat(problems()).containsExactly("manifest.json: is not a JSON object");
    }

    @Test
    void aFolderNameThatIsNotADeliveryNameIsReported() throws Exception {
        Path renamed = Files.move(folder, temp.resolve("delivery"));
        folder = renamed;

        assertThat(problems()).containsExactly("delivery: the folder's name is not tutka-<area>-<YYYY>H<n>, so the "
                + "manifest's area and period cannot be checked against it");
    }

    @Test
    void aLinkageFileCutShortIsReported() throws Exception {
        byte[] p7m = Files.readAllBytes(folder.resolve("linkage.csv.p7m"));
        TestDelivery.replace(folder, "linkage.csv.p7m", Arrays.copyOf(p7m, p7m.length - 40));

        assertThat(problems()).containsExactly("linkage.csv.p7m: is cut short or damaged: its encrypted content "
                + "cannot be read to the end");
    }

    @Test
    void aLinkageFileThatIsNotCmsIsReported() throws Exception {
        TestDelivery.replace(folder, "linkage.csv.p7m", "subject,subject_key,identity_code\r\n");

        assertThat(problems()).containsExactly("linkage.csv.p7m: is not a CMS EnvelopedData (what openssl cms "
                + "-decrypt opens)");
    }

    @Test
    void aProblemRepeatedInAColumnIsShownTwentyTimesThenCounted() throws Exception {
        StringBuilder events = new StringBuilder(TestDelivery.EVENTS);
        for (int i = 0; i < 1000; i++) {
            events.append("r-").append(i + 3).append(',').append(TestDelivery.SUBJECT_1)
                    .append(",decision,19x0,,2026-03-02,true,\r\n");
        }
        TestDelivery.replace(folder, "events.csv", events.toString());

        DeliveryVerifier.Result result = DeliveryVerifier.check(folder);

        assertThat(result.problemCount()).isEqualTo(1000);
        assertThat(result.problems()).hasSize(21);
        assertThat(result.problems().get(0)).hasToString("events.csv:4: column birth_year: '19x0' is not an "
                + "integer");
        assertThat(result.problems().get(19)).hasToString("events.csv:23: column birth_year: '19x0' is not an "
                + "integer");
        assertThat(result.problems().get(20)).hasToString("events.csv: and 980 more of the kind 'column birth_year' "
                + "not shown");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void anIdentityCodeAcrossThePiecesOfAVeryLongLineIsFound() throws Exception {
        String code = TestCertificates.identityCode(905);
        String padding = "x".repeat((1 << 16) - 6) + " ";
        TestDelivery.replace(folder, "summary.html", TestDelivery.SUMMARY + padding + code + " end\n");

        assertThat(problems()).containsExactly("summary.html:6: holds a value shaped like a personal identity code "
                + "(not shown); no file but linkage.csv.p7m may hold one");
    }

    @Test
    void aProblemSaysFileLineAndMessageAndMasksIdentityCodes() {
        String code = TestCertificates.identityCode(906);

        assertThat(new DeliveryVerifier.Problem("events.csv", 12, "cell '" + code + "'"))
                .hasToString("events.csv:12: cell '<identity code>'");
        assertThat(new DeliveryVerifier.Problem("SHA256SUMS", 0, "events.csv is not listed"))
                .hasToString("SHA256SUMS: events.csv is not listed");
        assertThat(new DeliveryVerifier.Problem("x" + code + ".csv", 0, "x" + code + ".csv is not listed"))
                .hasToString("x<identity code>.csv: x<identity code>.csv is not listed");
    }

    @Test
    void aDigestThatHappensToHoldAnIdentityCodeShapeIsShownWhole() {
        String digest = "010190a9010" + "f".repeat(53);

        assertThat(new DeliveryVerifier.Problem("SHA256SUMS", 3, "events.csv: the file's SHA-256 is " + digest))
                .hasToString("SHA256SUMS:3: events.csv: the file's SHA-256 is " + digest);
    }

    @Test
    void somethingThatIsNotAFolderIsAConfigurationError() {
        assertThatThrownBy(() -> DeliveryVerifier.verify(folder.resolve("events.csv")))
                .isInstanceOfSatisfying(TutkaException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessage("CONFIGURATION: delivery folder " + folder.resolve("events.csv") + " is not a folder: "
                        + "give the folder tutka-<area>-<YYYY>H<n> that tutka deliver wrote");
    }
}
