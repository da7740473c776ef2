package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Periods;
import fi.tutka.internal.Redact;
import fi.tutka.spi.ServiceEvent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one area's half-year delivery from a records folder: a folder {@code tutka-<area>-<YYYY>H<n>/} holding
 * {@code events.csv}, {@code codebook.csv}, {@code manifest.json} and {@code SHA256SUMS}.
 *
 * <pre>
 * DeliveryBuilder.Result result = DeliveryBuilder.builder()
 *         .records(Path.of("tutka-data/records"))
 *         .area("179")
 *         .period(2026, 1)
 *         .output(Path.of("deliveries"))
 *         .build()
 *         .write();
 * </pre>
 *
 * <p>Every {@code *.jsonl} file in the records folder is read, sorted by name. A record is selected when its area
 * ({@code data.area}, or the area of its {@code source} for a record type without one) is the delivery's area and
 * the Europe/Helsinki date of its {@code time} falls in the half-year. Selected records are de-duplicated by
 * {@code id}, keeping the first read, and ordered by time, then id, so that rebuilding from the same records gives
 * byte-identical data files; only {@code manifest.json}'s {@code created_at} (from the clock), and so the manifest's
 * line in {@code SHA256SUMS}, may differ. Service events become rows of {@code events.csv}, whose columns the
 * codebook resource {@code fi/tutka/delivery/codebook.csv} defines; other record types are only counted.
 *
 * <p>Before anything is written, every string in every selected record is checked: a value shaped like a personal
 * identity code refuses the whole delivery, naming the file, line, record id and field, never the value. The folder
 * is written under a temporary name beside the target, forced to disk and renamed into place; an existing delivery
 * of the same name is replaced.
 *
 * <p>Errors are {@link TutkaException}s: {@link ErrorCode#CONFIGURATION} for a bad setting (named), {@link
 * ErrorCode#IO} for a file that cannot be read or written, a malformed line (file and line named) or a refused
 * record.
 */
public final class DeliveryBuilder {
    /** The manifest's {@code format}. */
    public static final String FORMAT = "tutka-delivery/1";
    static final String EVENTS = "events.csv";
    static final String CODEBOOK = "codebook.csv";
    static final String MANIFEST = "manifest.json";
    static final String SUMS = "SHA256SUMS";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBuilder.class);
    /** RFC 4180: comma, double quotes, CRLF after every record. */
    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final JsonGeneratorFactory GENERATORS =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, Boolean.TRUE));
    private static final Pattern AREA = Pattern.compile("[0-9]{3}");
    private static final String SOURCE_PREFIX = "urn:tutka:area:";
    private static final Comparator<Row> DELIVERY_ORDER =
            Comparator.comparing(Row::time).thenComparing(Row::id);

    /**
     * What a build did.
     *
     * @param folder             the delivery folder
     * @param recordsRead        records read from every file (torn lines not included)
     * @param recordsByType      selected records per record type, after de-duplication, sorted by type
     * @param eventsWritten      rows of {@code events.csv}
     * @param duplicatesDropped  selected records dropped because a record with the same id was read before
     * @param otherAreaSkipped   records of another area
     * @param otherPeriodSkipped records of this area in another half-year
     * @param tornLines          torn last lines skipped
     */
    public record Result(Path folder, long recordsRead, SortedMap<String, Long> recordsByType, long eventsWritten,
            long duplicatesDropped, long otherAreaSkipped, long otherPeriodSkipped, long tornLines) {
        public Result {
            recordsByType = Collections.unmodifiableSortedMap(new TreeMap<>(recordsByType));
        }
    }

    private final Path records;
    private final String area;
    private final int year;
    private final int half;
    private final Path output;
    private final Clock clock;
    private final String ledgerHead;

    private DeliveryBuilder(Builder builder) {
        this.records = builder.records;
        this.area = builder.area;
        this.year = builder.year;
        this.half = builder.half;
        this.output = builder.output;
        this.clock = builder.clock;
        this.ledgerHead = builder.ledgerHead;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The half-year, {@code 2026H1}. */
    public String period() {
        return year + "H" + half;
    }

    /** The delivery folder's name, {@code tutka-179-2026H1}. */
    public String folderName() {
        return "tutka-" + area + "-" + period();
    }

    /** Reads the records and writes (or rebuilds) the delivery folder. */
    public Result write() {
        Cells cells = new Cells(Codebook.get().columns(EVENTS));
        Selection selection = new Selection(cells);
        for (Path file : RecordFiles.list(records)) {
            selection.tornLines += RecordFiles.read(file, selection);
        }
        List<Row> ordered = sortedDistinct(selection.rows);
        long duplicates = selection.rows.size() - ordered.size();
        selection.rows = null;
        Path target = output.resolve(folderName());
        try {
            return publish(ordered, cells, selection, duplicates, target);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write delivery folder " + target + ": " + e, e);
        }
    }

    /**
     * The selected records in delivery order (time, then id), one per id: the first read of each id is kept. This is
     * the one step that holds every selected record in memory; an external-sort version replaces this method (and
     * the list it is given) and must keep the same order and the same choice among duplicates.
     */
    static List<Row> sortedDistinct(List<Row> rows) {
        Set<String> seen = new HashSet<>(rows.size() * 2);
        List<Row> distinct = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (seen.add(row.id())) {
                distinct.add(row);
            }
        }
        distinct.sort(DELIVERY_ORDER);
        return distinct;
    }

    private Result publish(List<Row> ordered, Cells cells, Selection selection, long duplicates, Path target)
            throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TutkaException(ErrorCode.CONFIGURATION,
                    "output: " + target + " exists and is not a folder; move it away or choose another output");
        }
        Path temp = output.resolve("." + folderName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(temp);
        boolean published = false;
        try {
            Summary summary = new Summary();
            OutputFile.Info events = writeEvents(temp.resolve(EVENTS), ordered, cells, summary);
            OutputFile.Info codebook = writeCodebook(temp.resolve(CODEBOOK));
            List<OutputFile.Info> dataFiles = sortedByName(List.of(events, codebook));
            Result result = new Result(target, selection.recordsRead, summary.byType, summary.eventRows, duplicates,
                    selection.otherArea, selection.otherPeriod, selection.tornLines);
            OutputFile.Info manifest = writeManifest(temp.resolve(MANIFEST), result, summary, dataFiles);
            List<OutputFile.Info> all = new ArrayList<>(dataFiles);
            all.add(manifest);
            writeSums(temp.resolve(SUMS), sortedByName(all));
            OutputFile.syncFolder(temp);
            replace(temp, target);
            published = true;
            return result;
        } finally {
            if (!published) {
                try {
                    OutputFile.deleteTree(temp);
                } catch (IOException e) {
                    LOG.warn("could not remove the unfinished delivery folder {}: {}", temp, e.toString());
                }
            }
        }
    }

    private static OutputFile.Info writeEvents(Path path, List<Row> ordered, Cells cells, Summary summary)
            throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            Writer writer = file.writer();
            CSV.printRecord(writer, cells.header().toArray());
            for (Row row : ordered) {
                summary.add(row);
                if (row.cells() != null) {
                    CSV.printRecord(writer, row.cells().toArray());
                    summary.eventRows++;
                }
            }
            return file.finish();
        }
    }

    private static OutputFile.Info writeCodebook(Path path) throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            Writer writer = file.writer();
            CSV.printRecord(writer, Codebook.HEADER.toArray());
            for (Codebook.Column column : Codebook.get().columns()) {
                CSV.printRecord(writer, column.codebookRow().toArray());
            }
            return file.finish();
        }
    }

    private OutputFile.Info writeManifest(Path path, Result result, Summary summary, List<OutputFile.Info> files)
            throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            JsonGenerator json = GENERATORS.createGenerator(file.writer());
            json.writeStartObject()
                    .write("format", FORMAT)
                    .write("area", area)
                    .write("period", period())
                    .write("created_at", DateTimeFormatter.ISO_INSTANT.format(
                            clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            writeArray(json, "schema_versions", summary.schemaVersions);
            writeArray(json, "ruleset_versions", summary.rulesetVersions);
            writeArray(json, "engine_versions", summary.engineVersions);
            json.writeStartObject("counts")
                    .write("records_read", result.recordsRead());
            json.writeStartObject("records_by_type");
            result.recordsByType().forEach(json::write);
            json.writeEnd()
                    .write("events_rows", result.eventsWritten())
                    .write("duplicates_dropped", result.duplicatesDropped())
                    .write("other_area_skipped", result.otherAreaSkipped())
                    .write("other_period_skipped", result.otherPeriodSkipped())
                    .write("torn_lines", result.tornLines())
                    .writeEnd();
            json.writeStartObject("quality_flags");
            summary.qualityFlags.forEach(json::write);
            json.writeEnd();
            writeArray(json, "subject_keys", summary.subjectKeys);
            if (ledgerHead != null) {
                json.write("ledger_head", ledgerHead);
            }
            json.writeStartArray("files");
            for (OutputFile.Info info : files) {
                json.writeStartObject()
                        .write("name", info.name())
                        .write("bytes", info.bytes())
                        .write("sha256", info.sha256())
                        .writeEnd();
            }
            json.writeEnd().writeEnd();
            json.flush();
            file.writer().write('\n');
            return file.finish();
        }
    }

    private static void writeArray(JsonGenerator json, String name, SortedSet<String> values) {
        json.writeStartArray(name);
        values.forEach(json::write);
        json.writeEnd();
    }

    private static void writeSums(Path path, List<OutputFile.Info> files) throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            Writer writer = file.writer();
            for (OutputFile.Info info : files) {
                writer.write(info.sha256() + "  " + info.name() + "\n");
            }
            file.finish();
        }
    }

    private static List<OutputFile.Info> sortedByName(List<OutputFile.Info> files) {
        List<OutputFile.Info> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(OutputFile.Info::name));
        return sorted;
    }

    /** Renames the finished temporary folder to the target, moving an older delivery aside first. */
    private void replace(Path temp, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            OutputFile.syncFolder(output);
            return;
        }
        Path old = output.resolve("." + folderName() + ".old-" + UUID.randomUUID());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        OutputFile.syncFolder(output);
        try {
            OutputFile.deleteTree(old);
        } catch (IOException e) {
            LOG.warn("delivery {} rebuilt, but the previous version left in {} could not be removed: {}", target, old,
                    e.toString());
        }
    }

    /** One selected record, as much of it as the delivery needs. {@code cells} is null for other record types. */
    record Row(Instant time, String id, String type, String schemaVersion, String rulesetVersion,
            String engineVersion, String subjectKey, List<String> qualityFlags, List<String> cells) {
    }

    /** Reads records, counts and selects them. */
    private final class Selection implements RecordFiles.Handler {
        private final Cells cells;
        private final LocalDate first = LocalDate.of(year, half == 1 ? 1 : 7, 1);
        private final LocalDate last = first.plusMonths(6).minusDays(1);
        List<Row> rows = new ArrayList<>();
        long recordsRead;
        long otherArea;
        long otherPeriod;
        long tornLines;

        Selection(Cells cells) {
            this.cells = cells;
        }

        @Override
        public void record(Path file, long line, JsonObject record) {
            String id = requiredString(record, "id", file, line);
            String type = requiredString(record, "type", file, line);
            Instant time = time(record, file, line);
            JsonObject data = data(record, type, file, line);
            String recordArea = area(record, data, file, line);
            recordsRead++;
            if (!recordArea.equals(area)) {
                otherArea++;
                return;
            }
            LocalDate date = Periods.helsinkiDate(time);
            if (date.isBefore(first) || date.isAfter(last)) {
                otherPeriod++;
                return;
            }
            checkStrings(record, "", file, line, id);
            List<String> row = null;
            if (ServiceEvent.TYPE.equals(type)) {
                try {
                    row = cells.row(record);
                } catch (IllegalArgumentException e) {
                    throw RecordFiles.malformed(file, line, e.getMessage());
                }
            }
            rows.add(new Row(time, id, type, string(data, "schema_version", file, line),
                    string(data, "ruleset_version", file, line), string(data, "engine_version", file, line),
                    string(data, "subject_key", file, line), qualityFlags(data, file, line), row));
        }

        private String area(JsonObject record, JsonObject data, Path file, long line) {
            String fromData = string(data, "area", file, line);
            if (fromData != null) {
                return fromData;
            }
            String source = string(record, "source", file, line);
            if (source != null && source.startsWith(SOURCE_PREFIX)) {
                return source.substring(SOURCE_PREFIX.length());
            }
            throw RecordFiles.malformed(file, line, "no data.area and no source " + SOURCE_PREFIX + "<area>");
        }
    }

    private static Instant time(JsonObject record, Path file, long line) {
        String time = requiredString(record, "time", file, line);
        try {
            return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw RecordFiles.malformed(file, line, "time is not an RFC 3339 date-time with an offset");
        }
    }

    private static JsonObject data(JsonObject record, String type, Path file, long line) {
        JsonValue data = record.get("data");
        if (data instanceof JsonObject object) {
            return object;
        }
        if (data != null && data.getValueType() != JsonValue.ValueType.NULL) {
            throw RecordFiles.malformed(file, line, "data must be an object");
        }
        if (ServiceEvent.TYPE.equals(type)) {
            throw RecordFiles.malformed(file, line, "a " + type + " record must have data");
        }
        return JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String requiredString(JsonObject object, String name, Path file, long line) {
        String value = string(object, name, file, line);
        if (value == null || value.isEmpty()) {
            throw RecordFiles.malformed(file, line, "no " + name);
        }
        return value;
    }

    /** A string member, or null when absent or null; another kind of value is malformed. */
    private static String string(JsonObject object, String name, Path file, long line) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw RecordFiles.malformed(file, line, name + " must be a string");
    }

    private static List<String> qualityFlags(JsonObject data, Path file, long line) {
        JsonValue value = data.get("quality_flags");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (value instanceof JsonArray array) {
            List<String> flags = new ArrayList<>(array.size());
            for (JsonValue flag : array) {
                if (!(flag instanceof JsonString string)) {
                    throw RecordFiles.malformed(file, line, "data.quality_flags must hold strings");
                }
                flags.add(string.getString());
            }
            return flags;
        }
        throw RecordFiles.malformed(file, line, "data.quality_flags must be an array");
    }

    /**
     * Refuses a record holding anything shaped like a personal identity code (member names included), and strings
     * that cannot be written as UTF-8. Messages name the field, never the value.
     */
    private static void checkStrings(JsonValue value, String path, Path file, long line, String id) {
        switch (value.getValueType()) {
            case OBJECT:
                for (Map.Entry<String, JsonValue> member : ((JsonObject) value).entrySet()) {
                    String memberPath = path + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                    checkString(member.getKey(), memberPath, file, line, id);
                    checkStrings(member.getValue(), memberPath, file, line, id);
                }
                break;
            case ARRAY:
                JsonArray array = (JsonArray) value;
                for (int i = 0; i < array.size(); i++) {
                    checkStrings(array.get(i), path + "/" + i, file, line, id);
                }
                break;
            case STRING:
                checkString(((JsonString) value).getString(), path, file, line, id);
                break;
            default:
                break;
        }
    }

    private static void checkString(String text, String path, Path file, long line, String id) {
        if (mayHoldIdentityCode(text) && Redact.containsIdentityCode(text)) {
            throw new TutkaException(ErrorCode.IO, "records file " + file + " line " + line + ": record "
                    + Redact.identityCodes(id) + " holds a value shaped like a personal identity code in field "
                    + Redact.identityCodes(path) + "; records must never hold identity codes, so no delivery was "
                    + "built: find out how it got there and correct the records first");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw RecordFiles.malformed(file, line, "field " + Redact.identityCodes(path)
                        + " holds an unpaired UTF-16 surrogate");
            }
        }
    }

    /**
     * Whether a string has six digits in a row followed by another character, as every identity code does: a cheap
     * test that spares the regular expression nearly every string.
     */
    static boolean mayHoldIdentityCode(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (digits >= 6) {
                return true;
            } else {
                digits = 0;
            }
        }
        return false;
    }

    /** Counts and distinct values over the selected records, gathered while {@code events.csv} is written. */
    private static final class Summary {
        final SortedMap<String, Long> byType = new TreeMap<>();
        final SortedSet<String> schemaVersions = new TreeSet<>();
        final SortedSet<String> rulesetVersions = new TreeSet<>();
        final SortedSet<String> engineVersions = new TreeSet<>();
        final SortedSet<String> subjectKeys = new TreeSet<>();
        final SortedMap<String, Long> qualityFlags = new TreeMap<>();
        long eventRows;

        void add(Row row) {
            byType.merge(row.type(), 1L, Long::sum);
            addIfPresent(schemaVersions, row.schemaVersion());
            addIfPresent(rulesetVersions, row.rulesetVersion());
            addIfPresent(engineVersions, row.engineVersion());
            addIfPresent(subjectKeys, row.subjectKey());
            for (String flag : row.qualityFlags()) {
                qualityFlags.merge(flag, 1L, Long::sum);
            }
        }

        private static void addIfPresent(Set<String> values, String value) {
            if (value != null) {
                values.add(value);
            }
        }
    }

    /** Settings of a build; {@link #build()} checks them. */
    public static final class Builder {
        private Path records;
        private String area;
        private int year;
        private int half;
        private Path output;
        private Clock clock = Clock.systemUTC();
        private String ledgerHead;

        private Builder() {
        }

        /**
         * The allocation ledger's chain head when the delivery is built ({@link
         * fi.tutka.spi.AllocationStore#head()}), written to the manifest as {@code ledger_head} so that the ledger's
         * state can be checked against the delivery later; left out when not set.
         */
        public Builder ledgerHead(String head) {
            this.ledgerHead = head;
            return this;
        }

        /** The records folder: every {@code *.jsonl} file in it is read. */
        public Builder records(Path folder) {
            this.records = folder;
            return this;
        }

        /** The employment area: its host municipality's 3-digit code. */
        public Builder area(String area) {
            this.area = area;
            return this;
        }

        /** The half-year: {@code half} 1 is 1 January–30 June, 2 is 1 July–31 December (Helsinki dates). */
        public Builder period(int year, int half) {
            this.year = year;
            this.half = half;
            return this;
        }

        /** The folder in which the delivery folder {@code tutka-<area>-<YYYY>H<n>} is written. */
        public Builder output(Path parent) {
            this.output = parent;
            return this;
        }

        /** The clock for the manifest's {@code created_at}; the system's UTC clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Checks the settings.
         *
         * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming the setting that is missing or wrong
         */
        public DeliveryBuilder build() {
            if (records == null) {
                throw configuration("records is not set: call records(Path) with the records folder");
            }
            if (!Files.isDirectory(records)) {
                throw configuration("records: " + records + " is not a folder");
            }
            if (area == null) {
                throw configuration("area is not set: call area(String) with the area's 3-digit code");
            }
            if (!AREA.matcher(area).matches()) {
                throw configuration("area: '" + Redact.identityCodes(area)
                        + "' is not a 3-digit municipality code such as 179");
            }
            if (year < 1000 || year > 9999) {
                throw configuration("period: year " + year + " must have four digits (period(2026, 1))");
            }
            if (half != 1 && half != 2) {
                throw configuration("period: half " + half + " must be 1 (January-June) or 2 (July-December)");
            }
            if (output == null) {
                throw configuration("output is not set: call output(Path) with the folder to write the delivery in");
            }
            if (!Files.isDirectory(output)) {
                throw configuration("output: " + output + " is not a folder");
            }
            if (clock == null) {
                throw configuration("clock is null: call clock(Clock) with a clock, or leave it unset for UTC");
            }
            return new DeliveryBuilder(this);
        }

        private static TutkaException configuration(String message) {
            return new TutkaException(ErrorCode.CONFIGURATION, message);
        }
    }
}
