package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IoErrors;
import fi.tutka.internal.Redact;
import fi.tutka.internal.Sha256;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetStringParser;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.bouncycastle.asn1.cms.EncryptedContentInfoParser;
import org.bouncycastle.asn1.cms.EnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;

/**
 * Checks a delivery folder {@code tutka-<area>-<YYYY>H<n>/} from the outside, as its recipient would, and lists every
 * problem found with the file and line it is about. Nothing is changed. The checks:
 *
 * <ol>
 * <li>The folder holds only regular files, among them every file a delivery holds ({@link #REQUIRED}).
 * <li>{@code SHA256SUMS} is in {@code sha256sum} format ({@code <64 lower-case hex>  <name>}, LF after every line)
 *     and lists every other file of the folder, hidden ones too, exactly once, each with its hash.
 * <li>{@code manifest.json} is JSON; its {@code area} and {@code period} are the folder name's, and its {@code files}
 *     list every file but itself and {@code SHA256SUMS}, once, with their {@code bytes}, {@code sha256} and, for CSV
 *     files, {@code rows} (data rows, the header not counted).
 * <li>{@code codebook.csv} has the header {@link #CODEBOOK_HEADER}, known types ({@link #TYPES}) and {@code values}
 *     empty or {@code code=meaning|code=meaning}. It describes every CSV file of the folder and no file the folder
 *     lacks; its rows for {@code linkage.csv} describe the plaintext inside {@code linkage.csv.p7m}.
 * <li>Every CSV file is UTF-8 and RFC 4180 (see {@link StrictCsv}); its header is the codebook's variables for it,
 *     in order; every record has the header's number of cells, and every non-empty cell is of its variable's type
 *     and, for a coded variable, one of its codes (each {@code ;}-separated item, for a {@code list}).
 * <li>No file but {@code linkage.csv.p7m} holds anything shaped like a personal identity code.
 * <li>{@code linkage.csv.p7m} is a CMS EnvelopedData with at least one recipient, whole to its last byte.
 * </ol>
 *
 * <p>Files are streamed, so memory stays flat whatever their size. A problem that repeats (a bad column in a million
 * rows) is shown {@link #MAX_SHOWN} times per file and kind, then counted in one line. No problem ever quotes a
 * value shaped like an identity code: such a value is reported by file and line only, and any message that would
 * carry one has it masked.
 */
public final class DeliveryVerifier {
    /** Every file a delivery holds. */
    public static final List<String> REQUIRED = List.of("manifest.json", "events.csv", "episodes.csv",
            "allocations.csv", "codebook.csv", "linkage.csv.p7m", "summary.html", "SHA256SUMS");
    /** The codebook's header. */
    public static final List<String> CODEBOOK_HEADER =
            List.of("file", "variable", "type", "unit", "description_fi", "description_en", "values");
    /** The codebook's types. */
    public static final List<String> TYPES = List.of("string", "integer", "decimal", "date", "boolean", "list");
    /** Problems of one kind shown per file before the rest are only counted. */
    public static final int MAX_SHOWN = 20;

    static final String SUMS = "SHA256SUMS";
    static final String MANIFEST = "manifest.json";
    static final String CODEBOOK = "codebook.csv";
    static final String LINKAGE = "linkage.csv.p7m";
    /** The codebook's name for the plaintext inside {@link #LINKAGE}. */
    static final String LINKAGE_PLAINTEXT = "linkage.csv";

    private static final Pattern FOLDER = Pattern.compile("tutka-([0-9]{3})-([0-9]{4}H[12])");
    private static final Pattern DIGEST = Pattern.compile("(?<![0-9a-fA-F])[0-9a-f]{64}(?![0-9a-fA-F])");
    private static final Pattern SUMS_LINE = Pattern.compile("([0-9a-f]{64})  (.+)");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** Parsson's message for a member name given twice (its {@code rejectDuplicateKeys}). */
    private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate key '(.*)' is not allowed");
    private static final Set<String> TEXT_SUFFIXES = Set.of(".csv", ".json", ".html", ".txt");
    private static final int SHOWN_CHARACTERS = 40;
    private static final JsonReaderFactory JSON = Json.createReaderFactory(
            Map.of("org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    /**
     * One problem.
     *
     * @param file    the file it is about (the folder's name for the folder itself)
     * @param line    the line it stands on, from 1, or 0 when it is about no one line
     * @param message what is wrong; anything shaped like an identity code in it is masked
     */
    public record Problem(String file, long line, String message) {
        public Problem {
            file = masked(file);
            message = masked(message);
        }

        /** {@code file:line: message}, or {@code file: message} when it is about no one line. */
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
        }
    }

    /**
     * What a check found.
     *
     * @param filesChecked the regular files in the folder
     * @param problems     the problems shown, in the order of the checks
     * @param problemCount every problem found, those only counted included
     */
    public record Result(int filesChecked, List<Problem> problems, long problemCount) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problemCount == 0;
        }
    }

    private final Path folder;
    private final String folderName;
    private final Map<String, FileFacts> files = new TreeMap<>();
    private final Problems problems = new Problems();
    private final Section folderSection = problems.section(0, false);
    private final Section sumsSection = problems.section(1, false);
    private final Section manifestSection = problems.section(2, false);
    /** Per file: UTF-8, RFC 4180, header, cells; its problems are grouped by file. */
    private final Section csvSection = problems.section(3, true);
    private final Section identitySection = problems.section(4, true);
    private final Section linkageSection = problems.section(5, false);
    /** The codebook's variables per file, in order; null when there is no readable codebook. */
    private Map<String, List<Variable>> codebook;

    private DeliveryVerifier(Path folder) {
        this.folder = folder;
        Path name = folder.toAbsolutePath().normalize().getFileName();
        this.folderName = name == null ? folder.toString() : name.toString();
    }

    /** Checks a delivery folder; the problems in the order of the checks, empty when it is sound. */
    public static List<Problem> verify(Path folder) {
        return check(folder).problems();
    }

    /**
     * Checks a delivery folder.
     *
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} when {@code folder} is not a folder, {@link
     *                        ErrorCode#IO} when it cannot be listed
     */
    public static Result check(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "delivery folder " + folder + " is not a folder: give "
                    + "the folder tutka-<area>-<YYYY>H<n> that tutka deliver wrote");
        }
        return new DeliveryVerifier(folder).run();
    }

    private Result run() {
        try {
            listFolder();
            readCodebook();
            for (FileFacts facts : files.values()) {
                if (facts.name.endsWith(".csv") && !facts.name.equals(CODEBOOK)) {
                    checkCsv(facts);
                }
            }
            checkDescribedFiles();
            checkSums();
            checkManifest();
            checkLinkage();
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot read delivery folder " + folder + ": "
                    + IoErrors.reason(e), e);
        }
        return new Result(files.size(), problems.inOrder(), problems.total);
    }

    // ---- 1. the folder ----------------------------------------------------------------------------------------

    private void listFolder() throws IOException {
        Matcher name = FOLDER.matcher(folderName);
        if (!name.matches()) {
            folderSection.add(folderName, 0, "the folder's name is not tutka-<area>-<YYYY>H<n>, so the manifest's "
                    + "area and period cannot be checked against it");
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
            listing.forEach(entries::add);
        }
        entries.sort(null);
        for (Path entry : entries) {
            String file = entry.getFileName().toString();
            if (Files.isSymbolicLink(entry)) {
                folderSection.add(file, 0, "is a symbolic link; a delivery holds only regular files");
            } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                folderSection.add(file, 0, "is a folder; a delivery holds only regular files");
            } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                files.put(file, scan(entry, file));
            } else {
                folderSection.add(file, 0, "is not a regular file; a delivery holds only regular files");
            }
        }
        for (String required : REQUIRED) {
            if (!files.containsKey(required)) {
                folderSection.add(required, 0, "missing: every delivery holds this file");
            }
        }
    }

    /** What one pass over a file's bytes tells: size, hash, and for text, UTF-8 and identity-code shapes. */
    private static final class FileFacts {
        final String name;
        long bytes;
        String sha256;
        /** Data rows, for a CSV file read to its end; null otherwise. */
        Long rows;

        FileFacts(String name) {
            this.name = name;
        }
    }

    private FileFacts scan(Path path, String name) throws IOException {
        FileFacts facts = new FileFacts(name);
        boolean text = !name.equals(LINKAGE);
        boolean utf8Required = name.equals(SUMS) || TEXT_SUFFIXES.stream().anyMatch(name::endsWith);
        MessageDigest digest = Sha256.digest();
        LineScanner lines = new LineScanner(name, utf8Required);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] chunk = new byte[1 << 16];
        ByteBuffer in = ByteBuffer.allocate(chunk.length + 8);
        CharBuffer out = CharBuffer.allocate(chunk.length + 8);
        try (InputStream stream = Files.newInputStream(path)) {
            int read;
            while ((read = stream.read(chunk)) >= 0) {
                digest.update(chunk, 0, read);
                facts.bytes += read;
                if (text) {
                    in.put(chunk, 0, read).flip();
                    decode(decoder, in, out, false, lines);
                    in.compact();
                }
            }
        }
        if (text) {
            in.flip();
            decode(decoder, in, out, true, lines);
            decoder.flush(out);
            lines.accept(out.flip());
            lines.end();
        }
        facts.sha256 = HexFormat.of().formatHex(digest.digest());
        return facts;
    }

    private static void decode(CharsetDecoder decoder, ByteBuffer in, CharBuffer out, boolean end,
            LineScanner lines) {
        while (true) {
            CoderResult result = decoder.decode(in, out, end);
            lines.accept(out.flip());
            out.clear();
            if (result.isUnderflow()) {
                return;
            }
            if (result.isError()) {
                lines.invalidUtf8();
                in.position(in.position() + result.length());
            }
        }
    }

    /** Counts lines and finds identity-code shapes and invalid UTF-8 in them. */
    private final class LineScanner {
        /** Longer lines are checked in pieces that overlap by more than an identity code's length. */
        private static final int PIECE = 1 << 16;
        private static final int OVERLAP = 16;
        private final String file;
        private final boolean utf8Required;
        private final StringBuilder line = new StringBuilder();
        private long number = 1;
        private boolean identityFound;
        private boolean invalidFound;

        LineScanner(String file, boolean utf8Required) {
            this.file = file;
            this.utf8Required = utf8Required;
        }

        void accept(CharBuffer chars) {
            while (chars.hasRemaining()) {
                char c = chars.get();
                line.append(c);
                if (c == '\n') {
                    endLine();
                } else if (line.length() >= PIECE) {
                    checkIdentity();
                    line.delete(0, line.length() - OVERLAP);
                }
            }
        }

        void invalidUtf8() {
            line.append('\uFFFD');
            if (utf8Required && !invalidFound) {
                invalidFound = true;
                csvSection.add(file, number, "invalid UTF-8", "not valid UTF-8");
            }
        }

        void end() {
            if (line.length() > 0) {
                endLine();
            }
        }

        private void endLine() {
            checkIdentity();
            line.setLength(0);
            number++;
            identityFound = false;
            invalidFound = false;
        }

        private void checkIdentity() {
            if (!identityFound && Redact.containsIdentityCode(line.toString())) {
                identityFound = true;
                identitySection.add(file, number, "lines shaped like identity codes",
                        "holds a value shaped like a personal identity code (not shown); no file but "
                                + LINKAGE + " may hold one");
            }
        }
    }

    // ---- 2. SHA256SUMS ---------------------------------------------------------------------------------------

    private void checkSums() throws IOException {
        if (!files.containsKey(SUMS)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(folder.resolve(SUMS));
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            sumsSection.add(SUMS, 0, "the last line does not end with a line feed");
        }
        Map<String, Long> listedOn = new HashMap<>();
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            long number = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                sumsSection.add(SUMS, number, "line ends with CR LF", "ends with CR LF: sha256sum -c wants LF alone");
                line = line.substring(0, line.length() - 1);
            }
            Matcher matcher = SUMS_LINE.matcher(line);
            if (!matcher.matches()) {
                sumsSection.add(SUMS, number, "is not '<64 lower-case hex digits><two spaces><file name>'");
                continue;
            }
            String name = matcher.group(2);
            if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                sumsSection.add(SUMS, number, name + " is a path, not a file of this folder");
                continue;
            }
            if (name.equals(SUMS)) {
                sumsSection.add(SUMS, number, "lists SHA256SUMS itself, which cannot hold its own hash");
                continue;
            }
            Long earlier = listedOn.putIfAbsent(name, number);
            if (earlier != null) {
                sumsSection.add(SUMS, number, name + " is listed again (first on line " + earlier + ")");
                continue;
            }
            FileFacts facts = files.get(name);
            if (facts == null) {
                sumsSection.add(SUMS, number, name + " is listed but not in the folder");
            } else if (!facts.sha256.equals(matcher.group(1))) {
                sumsSection.add(SUMS, number, name + ": the file's SHA-256 is " + facts.sha256 + ", not the "
                        + "listed " + matcher.group(1));
            }
        }
        for (String name : files.keySet()) {
            if (!name.equals(SUMS) && !listedOn.containsKey(name)) {
                sumsSection.add(SUMS, 0, name + " is in the folder but not listed");
            }
        }
    }

    // ---- 3. manifest.json ------------------------------------------------------------------------------------

    private void checkManifest() {
        if (!files.containsKey(MANIFEST)) {
            return;
        }
        JsonObject manifest;
        try (JsonReader reader = JSON.createReader(Files.newBufferedReader(folder.resolve(MANIFEST),
                StandardCharsets.UTF_8))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                manifestSection.add(MANIFEST, 0, "is not a JSON object");
                return;
            }
            manifest = object;
        } catch (JsonParsingException e) {
            long line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNumber(), 0);
            Matcher duplicate = DUPLICATE_KEY.matcher(String.valueOf(e.getMessage()));
            manifestSection.add(MANIFEST, line, duplicate.matches()
                    ? "names member '" + shown(duplicate.group(1)) + "' twice in one object" : "is not valid JSON");
            return;
        } catch (JsonException | IOException e) {
            manifestSection.add(MANIFEST, 0, "is not valid JSON");
            return;
        }
        Matcher name = FOLDER.matcher(folderName);
        if (name.matches()) {
            checkMember(manifest, "area", name.group(1));
            checkMember(manifest, "period", name.group(2));
        }
        JsonValue listed = manifest.get("files");
        if (!(listed instanceof JsonArray array)) {
            manifestSection.add(MANIFEST, 0, "has no 'files' array");
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            checkFileEntry(array.get(i), "files[" + i + "]", seen);
        }
        for (String file : files.keySet()) {
            if (!file.equals(MANIFEST) && !file.equals(SUMS) && !seen.contains(file)) {
                manifestSection.add(MANIFEST, 0, file + " is in the folder but not in 'files'");
            }
        }
    }

    private void checkMember(JsonObject manifest, String member, String expected) {
        JsonValue value = manifest.get(member);
        if (!(value instanceof JsonString string)) {
            manifestSection.add(MANIFEST, 0, "has no '" + member + "' string");
        } else if (!string.getString().equals(expected)) {
            manifestSection.add(MANIFEST, 0, member + " '" + shown(string.getString()) + "' is not the folder "
                    + "name's '" + expected + "' (" + folderName + ")");
        }
    }

    private void checkFileEntry(JsonValue value, String where, Set<String> seen) {
        if (!(value instanceof JsonObject entry) || !(entry.get("name") instanceof JsonString nameValue)) {
            manifestSection.add(MANIFEST, 0, where + " is not an object with a 'name' string");
            return;
        }
        String name = nameValue.getString();
        if (name.equals(MANIFEST) || name.equals(SUMS)) {
            manifestSection.add(MANIFEST, 0, where + " lists " + name + ", which 'files' leaves out");
            return;
        }
        if (!seen.add(name)) {
            manifestSection.add(MANIFEST, 0, where + " lists " + shown(name) + " again");
            return;
        }
        FileFacts facts = files.get(name);
        if (facts == null) {
            manifestSection.add(MANIFEST, 0, where + " lists " + shown(name) + ", which is not in the folder");
            return;
        }
        Long bytes = wholeNumber(entry, "bytes", name);
        if (bytes != null && bytes != facts.bytes) {
            manifestSection.add(MANIFEST, 0, name + ": bytes " + bytes + " in the manifest, " + facts.bytes
                    + " in the folder");
        }
        if (!(entry.get("sha256") instanceof JsonString sha256)) {
            manifestSection.add(MANIFEST, 0, name + ": no 'sha256' string");
        } else if (!sha256.getString().equals(facts.sha256)) {
            manifestSection.add(MANIFEST, 0, name + ": sha256 in the manifest is not the file's " + facts.sha256);
        }
        if (name.endsWith(".csv")) {
            Long rows = wholeNumber(entry, "rows", name);
            if (rows != null && facts.rows != null && rows.longValue() != facts.rows) {
                manifestSection.add(MANIFEST, 0, name + ": rows " + rows + " in the manifest, " + facts.rows
                        + " in the file");
            }
        }
    }

    private Long wholeNumber(JsonObject entry, String member, String file) {
        JsonValue value = entry.get(member);
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 0) {
            return number.longValue();
        }
        manifestSection.add(MANIFEST, 0, file + ": no '" + member + "' whole number");
        return null;
    }

    // ---- 4. codebook.csv -------------------------------------------------------------------------------------

    /** One variable of the codebook. */
    private record Variable(String name, String type, Set<String> codes) {
    }

    private void readCodebook() throws IOException {
        if (!files.containsKey(CODEBOOK)) {
            return;
        }
        Map<String, List<Variable>> variables = new LinkedHashMap<>();
        Map<String, Long> describedOn = new HashMap<>();
        FileFacts facts = files.get(CODEBOOK);
        boolean read = readCsv(facts, CODEBOOK_HEADER, (line, cells) -> {
            String file = cells.get(0);
            String variable = cells.get(1);
            String type = cells.get(2);
            if (file.isEmpty() || variable.isEmpty()) {
                csvSection.add(CODEBOOK, line, "codebook rows", "file and variable must not be empty");
                return;
            }
            Long earlier = describedOn.putIfAbsent(file + "," + variable, line);
            if (earlier != null) {
                csvSection.add(CODEBOOK, line, "codebook rows", file + " variable " + variable
                        + " is described again (first on line " + earlier + ")");
                return;
            }
            if (!TYPES.contains(type)) {
                csvSection.add(CODEBOOK, line, "codebook rows", "type '" + shown(type) + "' of " + file + " variable "
                        + variable + " is not one of " + String.join(", ", TYPES));
            }
            Set<String> codes = codes(cells.get(6), line, file + " variable " + variable);
            variables.computeIfAbsent(file, key -> new ArrayList<>()).add(new Variable(variable, type, codes));
        });
        if (read) {
            codebook = variables;
        }
    }

    /** The codes of a {@code values} cell, or null when it is empty; a malformed cell is reported. */
    private Set<String> codes(String values, long line, String what) {
        if (values.isEmpty()) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>();
        String[] items = values.split("\\|", -1);
        for (int i = 0; i < items.length; i++) {
            int equals = items[i].indexOf('=');
            if (equals <= 0 || equals == items[i].length() - 1) {
                csvSection.add(CODEBOOK, line, "codebook rows", "values of " + what + " is not "
                        + "code=meaning|code=meaning...: item " + (i + 1) + " is not code=meaning");
                return null;
            }
            if (!codes.add(items[i].substring(0, equals))) {
                csvSection.add(CODEBOOK, line, "codebook rows", "values of " + what + " gives code '"
                        + shown(items[i].substring(0, equals)) + "' twice");
            }
        }
        return codes;
    }

    /** Codebook rows about files the delivery lacks (its rows for the linkage plaintext aside). */
    private void checkDescribedFiles() {
        if (codebook == null) {
            return;
        }
        for (String file : codebook.keySet()) {
            if (!file.equals(LINKAGE_PLAINTEXT) && !files.containsKey(file)) {
                csvSection.add(CODEBOOK, 0, "describes " + shown(file) + ", which is not in the delivery");
            }
        }
    }

    // ---- 5. every CSV file -----------------------------------------------------------------------------------

    private void checkCsv(FileFacts facts) throws IOException {
        List<Variable> variables = codebook == null ? null : codebook.get(facts.name);
        if (codebook != null && variables == null) {
            csvSection.add(facts.name, 0, "is not described in " + CODEBOOK);
        }
        List<String> expected = null;
        if (variables != null) {
            expected = new ArrayList<>();
            for (Variable variable : variables) {
                expected.add(variable.name());
            }
        }
        List<Variable> columns = variables;
        readCsv(facts, expected, (line, cells) -> {
            if (columns == null) {
                return;
            }
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                if (!cell.isEmpty()) {
                    checkCell(facts.name, line, columns.get(i), cell);
                }
            }
        });
    }

    /** Receives a CSV file's data rows that have the header's number of cells. */
    private interface Rows {
        void row(long line, List<String> cells);
    }

    /**
     * Reads a CSV file: structure, header, ragged rows; hands the well-formed data rows on and records the row count
     * when the file could be read to its end. {@code expected} null checks no header. The rows are handed on only
     * while the header is as expected.
     *
     * @return whether the file was read to its end with the expected header
     */
    private boolean readCsv(FileFacts facts, List<String> expected, Rows rows) throws IOException {
        String file = facts.name;
        try (InputStreamReader reader = new InputStreamReader(new BufferedInputStream(
                Files.newInputStream(folder.resolve(file)), 1 << 16), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            StrictCsv csv = new StrictCsv(reader, (line, message) -> csvSection.add(file, line, "RFC 4180", message));
            List<String> header = csv.next();
            if (header == null) {
                csvSection.add(file, 0, csv.broken() ? "has no complete header row" : "is empty: a CSV file starts "
                        + "with its header row");
                return false;
            }
            if (header.get(0).startsWith("\uFEFF")) {
                csvSection.add(file, 1, "starts with a byte-order mark, which UTF-8 CSV files here do not have");
                header.set(0, header.get(0).substring(1));
            }
            boolean described = expected != null && header.equals(expected);
            if (expected != null && !described) {
                csvSection.add(file, csv.line(), headerDifference(header, expected, file));
            }
            long count = 0;
            List<String> cells;
            while ((cells = csv.next()) != null) {
                count++;
                if (cells.size() != header.size()) {
                    csvSection.add(file, csv.line(), "rows with a wrong number of cells", cells.size()
                            + (cells.size() == 1 ? " cell" : " cells") + ", the header has " + header.size());
                } else if (described) {
                    rows.row(csv.line(), cells);
                }
            }
            if (!csv.broken()) {
                facts.rows = count;
            }
            return described && !csv.broken();
        }
    }

    /** The first difference between a header and the columns it should have, in words. */
    private static String headerDifference(List<String> header, List<String> expected, String file) {
        String source = file.equals(CODEBOOK) ? "the codebook format" : CODEBOOK;
        for (int i = 0; i < Math.max(header.size(), expected.size()); i++) {
            if (i >= header.size()) {
                return "the header stops after column " + header.size() + "; " + source + " says "
                        + expected.size() + " columns, the next '" + expected.get(i) + "'";
            }
            if (i >= expected.size()) {
                return "header column " + (i + 1) + " '" + shown(header.get(i)) + "' is beyond the "
                        + expected.size() + " columns " + source + " says";
            }
            if (!header.get(i).equals(expected.get(i))) {
                return "header column " + (i + 1) + " is '" + shown(header.get(i)) + "', but " + source + " says '"
                        + expected.get(i) + "'";
            }
        }
        throw new IllegalArgumentException("the header is as expected");
    }

    private void checkCell(String file, long line, Variable variable, String cell) {
        String kind = "column " + variable.name();
        String problem = typeProblem(variable.type(), cell);
        if (problem != null) {
            csvSection.add(file, line, kind, kind + ": '" + shown(cell) + "' is not " + problem);
            return;
        }
        if (variable.codes() == null) {
            return;
        }
        if (variable.type().equals("list")) {
            for (String item : cell.split(";", -1)) {
                if (!variable.codes().contains(item)) {
                    csvSection.add(file, line, kind, kind + ": item '" + shown(item) + "' is not one of its codes");
                    return;
                }
            }
        } else if (!variable.codes().contains(cell)) {
            csvSection.add(file, line, kind, kind + ": '" + shown(cell) + "' is not one of its codes");
        }
    }

    /** What a non-empty cell should be but is not, or null when it is of its type. */
    private static String typeProblem(String type, String cell) {
        switch (type) {
            case "integer":
                return INTEGER.matcher(cell).matches() ? null : "an integer";
            case "decimal":
                return DECIMAL.matcher(cell).matches() ? null : "a plain decimal number";
            case "boolean":
                return cell.equals("true") || cell.equals("false") ? null : "true or false";
            case "date":
                if (DATE.matcher(cell).matches()) {
                    try {
                        LocalDate.parse(cell);
                        return null;
                    } catch (DateTimeException e) {
                        return "a real date";
                    }
                }
                return "a date yyyy-mm-dd";
            default:
                return null;
        }
    }

    // ---- 7. linkage.csv.p7m ----------------------------------------------------------------------------------

    private void checkLinkage() throws IOException {
        if (!files.containsKey(LINKAGE)) {
            return;
        }
        Path path = folder.resolve(LINKAGE);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(in);
            if (parser.getRecipientInfos().size() == 0) {
                linkageSection.add(LINKAGE, 0, "has no recipient: nobody can open it");
                return;
            }
        } catch (CMSException | RuntimeException e) {
            linkageSection.add(LINKAGE, 0, "is not a CMS EnvelopedData (what openssl cms -decrypt opens)");
            return;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            long encrypted = encryptedBytes(in);
            if (encrypted == 0) {
                linkageSection.add(LINKAGE, 0, "holds no encrypted content");
            }
        } catch (IOException | RuntimeException e) {
            linkageSection.add(LINKAGE, 0, "is cut short or damaged: its encrypted content cannot be read to the end");
        }
    }

    /** Reads an EnvelopedData's encrypted content to its end without decrypting it; returns its length. */
    private static long encryptedBytes(InputStream in) throws IOException {
        ContentInfoParser contentInfo = new ContentInfoParser((ASN1SequenceParser) new ASN1StreamParser(in)
                .readObject());
        EnvelopedDataParser enveloped = new EnvelopedDataParser((ASN1SequenceParser) contentInfo.getContent(
                BERTags.SEQUENCE));
        enveloped.getVersion();
        enveloped.getOriginatorInfo();
        enveloped.getRecipientInfos().toASN1Primitive();
        EncryptedContentInfoParser content = enveloped.getEncryptedContentInfo();
        content.getContentType();
        content.getContentEncryptionAlgorithm();
        ASN1OctetStringParser octets = (ASN1OctetStringParser) content.getEncryptedContent(BERTags.OCTET_STRING);
        if (octets == null) {
            return 0;
        }
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream stream = octets.getOctetStream()) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                total += read;
            }
        }
        enveloped.getUnprotectedAttrs();
        return total;
    }

    // ---- problems --------------------------------------------------------------------------------------------

    /** A cell's text for a message: cut short, and masked where it is shaped like an identity code. */
    private static String shown(String value) {
        String masked = Redact.identityCodesAnywhere(value);
        return masked.length() <= SHOWN_CHARACTERS ? masked : masked.substring(0, SHOWN_CHARACTERS) + "...";
    }

    /**
     * Masks identity-code shapes anywhere in a text, even glued to letters (a file named {@code x<code>.csv}), but
     * not inside SHA-256 hex digests, where such a shape stands by chance in about one digest in forty.
     */
    static String masked(String text) {
        Matcher digest = DIGEST.matcher(text);
        StringBuilder masked = new StringBuilder(text.length());
        int from = 0;
        while (digest.find()) {
            masked.append(Redact.identityCodesAnywhere(text.substring(from, digest.start()))).append(digest.group());
            from = digest.end();
        }
        return masked.append(Redact.identityCodesAnywhere(text.substring(from))).toString();
    }

    /** Every problem found, in the order of the checks; a repeating kind shown {@link #MAX_SHOWN} times per file. */
    private static final class Problems {
        private record Entry(int section, String group, long sequence, Problem problem) {
        }

        /** One kind of problem in one file, for one check. */
        private record Kind(Section section, String file, String kind) {
        }

        private final List<Entry> shown = new ArrayList<>();
        private final Map<Kind, Long> counts = new LinkedHashMap<>();
        long total;

        Section section(int order, boolean byFile) {
            return new Section(this, order, byFile);
        }

        void add(Section section, String file, long line, String kind, String message) {
            total++;
            if (kind != null && counts.merge(new Kind(section, file, kind), 1L, Long::sum) > MAX_SHOWN) {
                return;
            }
            shown.add(new Entry(section.order, section.byFile ? file : "", shown.size(),
                    new Problem(file, line, message)));
        }

        /** The problems shown, by check, then by file where a check goes file by file, then as found. */
        List<Problem> inOrder() {
            List<Entry> entries = new ArrayList<>(shown);
            counts.forEach((kind, count) -> {
                if (count > MAX_SHOWN) {
                    Section section = kind.section();
                    entries.add(new Entry(section.order, section.byFile ? kind.file() : "", entries.size(),
                            new Problem(kind.file(), 0, "and " + (count - MAX_SHOWN) + " more of the kind '"
                                    + kind.kind() + "' not shown")));
                }
            });
            entries.sort(Comparator.comparingInt(Entry::section).thenComparing(Entry::group)
                    .thenComparingLong(Entry::sequence));
            List<Problem> ordered = new ArrayList<>(entries.size());
            entries.forEach(entry -> ordered.add(entry.problem()));
            return ordered;
        }
    }

    /** The problems of one check. */
    private static final class Section {
        private final Problems problems;
        final int order;
        final boolean byFile;

        Section(Problems problems, int order, boolean byFile) {
            this.problems = problems;
            this.order = order;
            this.byFile = byFile;
        }

        /** A problem that does not repeat. */
        void add(String file, long line, String message) {
            problems.add(this, file, line, null, message);
        }

        /** A problem of a kind that may repeat in a file: the first {@link #MAX_SHOWN} are shown. */
        void add(String file, long line, String kind, String message) {
            problems.add(this, file, line, kind, message);
        }
    }
}
