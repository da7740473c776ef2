package fi.tutka.delivery;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Periods;
import fi.tutka.internal.Redact;
import fi.tutka.internal.ServedAreas;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.trials.BalanceReport;
import fi.tutka.trials.KeyedHashV1;
import fi.tutka.trials.Trial;
import fi.tutka.trials.TrialDefinition;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one area's half-year delivery from a records folder: a folder {@code tutka-<area>-<YYYY>H<n>/} holding
 * {@code events.csv}, {@code episodes.csv}, {@code allocations.csv}, {@code codebook.csv}, {@code linkage.csv.p7m},
 * {@code summary.html}, {@code manifest.json} and {@code SHA256SUMS}.
 *
 * <pre>
 * DeliveryBuilder.Result result = DeliveryBuilder.builder()
 *         .records(Path.of("tutka-data/records"))
 *         .area("179")
 *         .period(2026, 1)
 *         .output(Path.of("deliveries"))
 *         .identityVault(vault)
 *         .recipient(Recipient.load(Path.of("statistics-finland.crt"), clock))
 *         .allocations(ledger)          // when the area runs trials
 *         .build()
 *         .write();
 * </pre>
 *
 * <p>Every {@code *.jsonl} file in the records folder is read once, sorted by name. A record is selected when its
 * area ({@code data.area}, or the area of its {@code source} for a record type without one) is the delivery's area
 * and the Europe/Helsinki date of its {@code time} falls in the half-year; the area's earlier service events are
 * selected too, for the episodes that began before the half-year. Selected records are de-duplicated by {@code id},
 * keeping the first read, and ordered by time, then id. Memory stays bounded whatever the number of records: the
 * de-duplication and every ordering are external merge sorts through a work folder beside the output, removed
 * afterwards.
 *
 * <p>Rebuilding from the same records (and the same ledger) gives byte-identical CSV files and summary page; only
 * {@code manifest.json}'s {@code created_at} and the linkage file, encrypted under a fresh content key each time,
 * differ, and so do their lines in {@code SHA256SUMS}.
 *
 * <p>Before anything is published, every string in every selected record is checked: a value shaped like a personal
 * identity code refuses the whole delivery, naming the file, line, record id and field, never the value. Identity
 * codes appear only inside the linkage file, encrypted to the recipient's certificate. The folder is written under a
 * temporary name beside the target, forced to disk and renamed into place; an existing delivery of the same name is
 * replaced.
 *
 * <p>Errors are {@link TutkaException}s: {@link ErrorCode#CONFIGURATION} for a bad setting (named), {@link
 * ErrorCode#IO} for a file that cannot be read or written, a malformed line (file and line named) or a refused
 * record, {@link ErrorCode#LEDGER_FAILURE} for an allocation ledger that fails its check.
 */
public final class DeliveryBuilder {
    /** The manifest's {@code format}. */
    public static final String FORMAT = "tutka-delivery/2";
    static final String EVENTS = "events.csv";
    static final String EPISODES = "episodes.csv";
    static final String ALLOCATIONS = "allocations.csv";
    static final String CODEBOOK = "codebook.csv";
    static final String LINKAGE = "linkage.csv.p7m";
    static final String SUMMARY = "summary.html";
    static final String MANIFEST = "manifest.json";
    static final String SUMS = "SHA256SUMS";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBuilder.class);
    /** RFC 4180: comma, double quotes, CRLF after every record. */
    private static final CSVFormat CSV = CSVFormat.RFC4180;
    private static final JsonGeneratorFactory GENERATORS =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, Boolean.TRUE));
    private static final Pattern AREA = Pattern.compile("[0-9]{3}");
    private static final String SOURCE_PREFIX = "urn:tutka:area:";
    private static final String UNKNOWN_CLASS = "unknown";
    /** The first year delivered, from its first half: employment areas exist from the TE reform, 1 January 2025. */
    public static final int FIRST_YEAR = 2025;
    /** Bytes of heap a selected record takes while a sort run is gathered, generously. */
    private static final long RECORD_HEAP_BYTES = 4096;

    /** Hears how a build goes: each step as it begins, and the reading of the records as it proceeds. */
    public interface Progress {
        /** A step begins: {@code reading records}, {@code writing events.csv}, ... */
        void step(String step);

        /**
         * Records read so far.
         *
         * @param records    records read
         * @param bytes      bytes of record files read
         * @param totalBytes bytes of all the record files
         */
        void read(long records, long bytes, long totalBytes);

        /** Hears nothing. */
        Progress NONE = new Progress() {
            @Override
            public void step(String step) {
            }

            @Override
            public void read(long records, long bytes, long totalBytes) {
            }
        };
    }

    /**
     * What a build did.
     *
     * @param folder             the delivery folder
     * @param recordsRead        records read from every file (torn lines not included)
     * @param recordsByType      the half-year's records per record type, after de-duplication, sorted by type
     * @param eventsWritten      rows of {@code events.csv}
     * @param episodesWritten    rows of {@code episodes.csv}
     * @param allocationsWritten rows of {@code allocations.csv}
     * @param linkageRows        rows of the linkage file: subjects whose identity code the vault holds
     * @param linkageMissing     subjects of the delivery whose identity code the vault does not hold
     * @param duplicatesDropped  the half-year's records dropped because a record with the same id was read before
     * @param otherAreaSkipped   records of another area
     * @param otherPeriodSkipped records of this area in another half-year
     * @param tornLines          torn last lines skipped
     */
    public record Result(Path folder, long recordsRead, SortedMap<String, Long> recordsByType, long eventsWritten,
            long episodesWritten, long allocationsWritten, long linkageRows, long linkageMissing,
            long duplicatesDropped, long otherAreaSkipped, long otherPeriodSkipped, long tornLines) {
        public Result {
            recordsByType = Collections.unmodifiableSortedMap(new TreeMap<>(recordsByType));
        }
    }

    private final Path records;
    private final String area;
    private final int year;
    private final int half;
    private final LocalDate first;
    private final LocalDate last;
    private final Path output;
    private final Clock clock;
    private final AllocationStore ledger;
    private final List<Trial> trials;
    private final IdentityVault vault;
    private final Recipient recipient;
    private final Progress progress;
    private final int runSize;

    private DeliveryBuilder(Builder builder) {
        this.records = builder.records;
        this.area = builder.area;
        this.year = builder.year;
        this.half = builder.half;
        this.first = LocalDate.of(year, half == 1 ? 1 : 7, 1);
        this.last = first.plusMonths(6).minusDays(1);
        this.output = builder.output;
        this.clock = builder.clock;
        this.ledger = builder.ledger;
        this.trials = List.copyOf(builder.trials);
        this.vault = builder.vault;
        this.recipient = builder.recipient;
        this.progress = builder.progress;
        this.runSize = builder.runSize > 0 ? builder.runSize
                : (int) Math.max(1_000, Math.min(200_000, Runtime.getRuntime().maxMemory() / 16 / RECORD_HEAP_BYTES));
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
        Path target = output.resolve(folderName());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new TutkaException(ErrorCode.CONFIGURATION,
                    "output: " + target + " exists and is not a folder; move it away or choose another output");
        }
        String ledgerHead = checkedLedgerHead();
        Path temp = output.resolve("." + folderName() + ".tmp-" + UUID.randomUUID());
        Path work = output.resolve("." + folderName() + ".work-" + UUID.randomUUID());
        boolean published = false;
        try {
            Files.createDirectory(temp);
            Files.createDirectory(work);
            Result result = build(temp, work, target, ledgerHead);
            OutputFile.syncFolder(temp);
            replace(temp, target);
            published = true;
            return result;
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot write delivery folder " + target + ": " + e, e);
        } catch (UncheckedIOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot build delivery " + target + ": " + e.getMessage()
                    + ": " + e.getCause(), e);
        } finally {
            removeQuietly(work);
            if (!published) {
                removeQuietly(temp);
            }
        }
    }

    /** The ledger's chain head after checking the chain: a delivery never vouches for a broken chain. */
    private String checkedLedgerHead() {
        if (ledger == null) {
            return null;
        }
        LedgerCheck check = ledger.verify();
        if (!check.intact()) {
            throw new TutkaException(ErrorCode.LEDGER_FAILURE, "the allocation ledger fails its check ("
                    + check.problems().size() + " problem(s), the first: " + check.problems().get(0)
                    + "), so no delivery was built: see tutka trials verify-ledger");
        }
        return check.head();
    }

    private Result build(Path temp, Path work, Path target, String ledgerHead) throws IOException {
        Cells cells = new Cells(Codebook.get().columns(EVENTS));
        Summary summary = new Summary();
        List<OutputFile.Info> files = new ArrayList<>();
        try (ExternalSorter<Selected> byId = new ExternalSorter<>(work, "by-id", Selected.BY_ID, Selected.CODEC,
                runSize);
                ExternalSorter<Selected> byTime = new ExternalSorter<>(work, "by-time", Selected.BY_TIME,
                        Selected.CODEC, runSize);
                ExternalSorter<Episodes.Event> byClient = new ExternalSorter<>(work, "by-client", Episodes.ORDER,
                        Selected.EVENT_CODEC, runSize);
                ExternalSorter<Selected.Subject> subjects = new ExternalSorter<>(work, "subjects",
                        Selected.Subject.ORDER, Selected.Subject.CODEC, runSize * 8)) {
            progress.step("reading records");
            Selection selection = new Selection(cells, byId);
            List<Path> recordFiles = RecordFiles.list(records);
            long totalBytes = 0;
            for (Path file : recordFiles) {
                totalBytes += Files.size(file);
            }
            long[] bytesRead = {0};
            for (Path file : recordFiles) {
                long total = totalBytes;
                selection.tornLines += RecordFiles.read(file, selection, bytes -> {
                    bytesRead[0] += bytes;
                    progress.read(selection.recordsRead, bytesRead[0], total);
                });
            }
            progress.read(selection.recordsRead, bytesRead[0], totalBytes);

            progress.step("removing duplicates");
            long duplicates = distinct(byId, byTime, byClient);

            progress.step("writing " + EVENTS);
            files.add(writeEvents(temp.resolve(EVENTS), byTime, cells, summary));

            progress.step("writing " + EPISODES);
            files.add(writeEpisodes(temp.resolve(EPISODES), byClient, summary, subjects));

            progress.step("writing " + ALLOCATIONS);
            files.add(writeAllocations(temp.resolve(ALLOCATIONS), summary, subjects));

            progress.step("writing " + LINKAGE);
            files.add(writeLinkage(temp.resolve(LINKAGE), subjects, summary));

            progress.step("writing " + CODEBOOK + ", " + SUMMARY + " and " + MANIFEST);
            files.add(writeCodebook(temp.resolve(CODEBOOK), summary));
            files.add(writeSummary(temp.resolve(SUMMARY), summary));
            List<OutputFile.Info> dataFiles = sortedByName(files);
            Result result = new Result(target, selection.recordsRead, summary.byType, summary.eventRows,
                    summary.episodeRows, summary.allocationRows, summary.linkageRows, summary.linkageMissing,
                    duplicates, selection.otherArea, selection.otherPeriod, selection.tornLines);
            OutputFile.Info manifest = writeManifest(temp.resolve(MANIFEST), result, summary, dataFiles, ledgerHead);
            List<OutputFile.Info> all = new ArrayList<>(dataFiles);
            all.add(manifest);
            writeSums(temp.resolve(SUMS), sortedByName(all));
            return result;
        }
    }

    /**
     * Keeps the first read of each record id and hands the survivors on: the half-year's records to {@code byTime},
     * service events to {@code byClient}.
     *
     * @return the half-year's records dropped as duplicates
     */
    private static long distinct(ExternalSorter<Selected> byId, ExternalSorter<Selected> byTime,
            ExternalSorter<Episodes.Event> byClient) {
        long duplicates = 0;
        try (ExternalSorter.Sorted<Selected> sorted = byId.sorted()) {
            String previous = null;
            while (sorted.hasNext()) {
                Selected record = sorted.next();
                if (record.id().equals(previous)) {
                    if (record.inPeriod()) {
                        duplicates++;
                    }
                    continue;
                }
                previous = record.id();
                if (record.inPeriod()) {
                    byTime.add(record);
                }
                if (record.event() != null) {
                    byClient.add(record.event());
                }
            }
        }
        return duplicates;
    }

    private OutputFile.Info writeEvents(Path path, ExternalSorter<Selected> byTime, Cells cells, Summary summary)
            throws IOException {
        try (OutputFile file = OutputFile.create(path); ExternalSorter.Sorted<Selected> sorted = byTime.sorted()) {
            Writer writer = file.writer();
            CSV.printRecord(writer, cells.header().toArray());
            while (sorted.hasNext()) {
                Selected record = sorted.next();
                summary.add(record);
                if (record.eventsRow() != null) {
                    writer.write(record.eventsRow());
                    summary.unlisted.add(EVENTS, record.unlisted());
                    summary.eventRows++;
                }
            }
            return file.finish(summary.eventRows);
        }
    }

    private OutputFile.Info writeEpisodes(Path path, ExternalSorter<Episodes.Event> byClient, Summary summary,
            ExternalSorter<Selected.Subject> subjects) throws IOException {
        try (OutputFile file = OutputFile.create(path);
                ExternalSorter.Sorted<Episodes.Event> sorted = byClient.sorted()) {
            CSVPrinter printer = new CSVPrinter(file.writer(), CSV);
            printer.printRecord(header(EPISODES));
            List<Codebook.Column> columns = Codebook.get().columns(EPISODES);
            Episodes stitcher = new Episodes(first, last, episode -> {
                List<String> row = Episodes.row(episode, last);
                try {
                    printer.printRecord(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                summary.unlisted.addRow(EPISODES, columns, row);
                summary.add(episode);
                subjects.add(new Selected.Subject(episode.subject, episode.subjectKey));
            });
            while (sorted.hasNext()) {
                stitcher.add(sorted.next());
            }
            stitcher.finish();
            printer.flush();
            return file.finish(summary.episodeRows);
        }
    }

    private OutputFile.Info writeAllocations(Path path, Summary summary, ExternalSorter<Selected.Subject> subjects)
            throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            CSVPrinter printer = new CSVPrinter(file.writer(), CSV);
            printer.printRecord(header(ALLOCATIONS));
            if (ledger != null) {
                List<Codebook.Column> columns = Codebook.get().columns(ALLOCATIONS);
                summary.allocations = AllocationRows.write(ledger, area, first, last, (cells, subject, key) -> {
                    try {
                        printer.printRecord(cells);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    summary.unlisted.addRow(ALLOCATIONS, columns, cells);
                    subjects.add(new Selected.Subject(subject, key));
                });
                summary.allocationRows = summary.allocations.rows;
            }
            printer.flush();
            return file.finish(summary.allocationRows);
        }
    }

    /** The identity codes of every subject in the delivery, from the vault, encrypted to the recipient. */
    private OutputFile.Info writeLinkage(Path path, ExternalSorter<Selected.Subject> subjects, Summary summary)
            throws IOException {
        try (OutputFile file = OutputFile.create(path); ExternalSorter.Sorted<Selected.Subject> sorted =
                subjects.sorted()) {
            try (LinkageWriter linkage = LinkageWriter.open(file.stream(), recipient)) {
                Selected.Subject previous = null;
                while (sorted.hasNext()) {
                    Selected.Subject subject = sorted.next();
                    if (subject.equals(previous)) {
                        continue;
                    }
                    previous = subject;
                    Optional<String> code = vault.identityCode(subject.subjectKey(), subject.subject());
                    if (code.isPresent()) {
                        linkage.write(subject.subject(), subject.subjectKey(), code.get());
                    } else {
                        summary.linkageMissing++;
                    }
                }
                summary.linkageRows = linkage.rows();
            }
            return file.finish();
        }
    }

    private static OutputFile.Info writeCodebook(Path path, Summary summary) throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            Writer writer = file.writer();
            CSV.printRecord(writer, Codebook.HEADER.toArray());
            long rows = 0;
            for (Codebook.Column column : Codebook.get().columns()) {
                CSV.printRecord(writer, column.codebookRow(summary.unlisted.of(column)).toArray());
                rows++;
            }
            return file.finish(rows);
        }
    }

    private OutputFile.Info writeSummary(Path path, Summary summary) throws IOException {
        try (OutputFile file = OutputFile.create(path)) {
            SummaryPage.write(summary.data(area, period(), trials), file.writer());
            return file.finish();
        }
    }

    private static List<String> header(String file) {
        List<String> names = new ArrayList<>();
        for (Codebook.Column column : Codebook.get().columns(file)) {
            names.add(column.variable());
        }
        return names;
    }

    private OutputFile.Info writeManifest(Path path, Result result, Summary summary, List<OutputFile.Info> files,
            String ledgerHead) throws IOException {
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
                    .write("episodes_rows", result.episodesWritten())
                    .write("allocations_rows", result.allocationsWritten())
                    .write("linkage_rows", result.linkageRows())
                    .write("linkage_missing", result.linkageMissing())
                    .write("duplicates_dropped", result.duplicatesDropped())
                    .write("other_area_skipped", result.otherAreaSkipped())
                    .write("other_period_skipped", result.otherPeriodSkipped())
                    .write("torn_lines", result.tornLines())
                    .writeEnd();
            writeCounts(json, "quality_flags", summary.qualityFlags);
            writeCounts(json, "episode_flags", summary.episodeFlags);
            writeArray(json, "subject_keys", summary.subjectKeys);
            json.writeStartObject("linkage")
                    .write("recipient_subject", recipient.subject())
                    .write("recipient_serial", recipient.serial())
                    .write("recipient_sha256", recipient.sha256())
                    .writeEnd();
            if (ledgerHead != null) {
                json.write("ledger_head", ledgerHead);
            }
            json.writeStartArray("files");
            for (OutputFile.Info info : files) {
                json.writeStartObject()
                        .write("name", info.name())
                        .write("bytes", info.bytes())
                        .write("sha256", info.sha256());
                if (info.rows() >= 0) {
                    json.write("rows", info.rows());
                }
                json.writeEnd();
            }
            json.writeEnd().writeEnd();
            json.flush();
            file.writer().write('\n');
            return file.finish();
        }
    }

    private static void writeCounts(JsonGenerator json, String name, SortedMap<String, Long> counts) {
        json.writeStartObject(name);
        counts.forEach(json::write);
        json.writeEnd();
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

    private static void removeQuietly(Path folder) {
        try {
            OutputFile.deleteTree(folder);
        } catch (IOException e) {
            LOG.warn("could not remove the delivery's work folder {}: {}", folder, e.toString());
        }
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

    /** Reads records, counts them and hands the selected ones to the first sort. */
    private final class Selection implements RecordFiles.Handler {
        private final Cells cells;
        private final ExternalSorter<Selected> byId;
        long recordsRead;
        long otherArea;
        long otherPeriod;
        long tornLines;

        Selection(Cells cells, ExternalSorter<Selected> byId) {
            this.cells = cells;
            this.byId = byId;
        }

        @Override
        public void record(Path file, long line, JsonObject record) {
            String id = requiredString(record, "id", file, line);
            String type = requiredString(record, "type", file, line);
            Instant time = time(record, file, line);
            JsonObject data = data(record, type, file, line);
            String recordArea = area(record, data, file, line);
            long read = recordsRead++;
            if (!recordArea.equals(area)) {
                otherArea++;
                return;
            }
            LocalDate date = Periods.helsinkiDate(time);
            boolean inPeriod = !date.isBefore(first) && !date.isAfter(last);
            boolean serviceEvent = ServiceEvent.TYPE.equals(type);
            if (!inPeriod) {
                otherPeriod++;
                if (date.isAfter(last) || !serviceEvent) {
                    return;
                }
            }
            checkStrings(record, "", file, line, id);
            String row = null;
            List<String> unlisted = List.of();
            Episodes.Event event = null;
            if (serviceEvent) {
                try {
                    if (inPeriod) {
                        List<String> values = cells.row(record);
                        StringBuilder text = new StringBuilder(512);
                        CSV.printRecord(text, values.toArray());
                        row = text.toString();
                        unlisted = Codebook.Unlisted.inRow(cells.columns(), values);
                    }
                    event = event(record, data, id, time, date, file, line);
                } catch (IllegalArgumentException e) {
                    throw RecordFiles.malformed(file, line, e.getMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // appending to a StringBuilder does not fail
                }
            }
            byId.add(new Selected(read, time, id, type, inPeriod, string(data, "schema_version", file, line),
                    string(data, "ruleset_version", file, line), string(data, "engine_version", file, line),
                    string(data, "subject_key", file, line), qualityFlags(data, file, line), row, unlisted, event));
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

    /** A service event as the episodes need it. */
    private static Episodes.Event event(JsonObject record, JsonObject data, String id, Instant time, LocalDate date,
            Path file, long line) {
        String eventType = requiredString(data, "event_type", file, line);
        if (!Episodes.EVENT_TYPES.contains(eventType)) {
            throw RecordFiles.malformed(file, line, "data.event_type must be one of " + Episodes.EVENT_TYPES);
        }
        JsonValue statutory = data.get("statutory");
        JsonValue cost = data.get("cost_eur");
        if (cost != null && cost.getValueType() != JsonValue.ValueType.NULL
                && cost.getValueType() != JsonValue.ValueType.NUMBER) {
            throw RecordFiles.malformed(file, line, "data.cost_eur must be a number");
        }
        return new Episodes.Event(id, time, requiredString(record, "subject", file, line),
                requiredString(data, "subject_key", file, line), requiredString(data, "area", file, line),
                requiredString(data, "local_service_code", file, line), string(data, "service_class", file, line),
                statutory == JsonValue.TRUE ? "true" : statutory == JsonValue.FALSE ? "false" : null, eventType, date,
                date(data, "start_date", file, line), date(data, "end_date", file, line),
                cost instanceof JsonNumber number ? number.bigDecimalValue().toPlainString() : null,
                string(data, "funding", file, line));
    }

    private static LocalDate date(JsonObject data, String name, Path file, long line) {
        String text = string(data, name, file, line);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw RecordFiles.malformed(file, line, "data." + name + " is not a date yyyy-mm-dd");
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

    /** Counts and distinct values over what the delivery holds, gathered while its files are written. */
    private static final class Summary {
        final SortedMap<String, Long> byType = new TreeMap<>();
        final SortedSet<String> schemaVersions = new TreeSet<>();
        final SortedSet<String> rulesetVersions = new TreeSet<>();
        final SortedSet<String> engineVersions = new TreeSet<>();
        final SortedSet<String> subjectKeys = new TreeSet<>();
        final SortedMap<String, Long> qualityFlags = new TreeMap<>();
        final SortedMap<String, Long> episodeFlags = new TreeMap<>();
        /** The coded columns' values that their lists lack, for the codebook. */
        final Codebook.Unlisted unlisted = new Codebook.Unlisted();
        final SortedMap<YearMonth, SortedMap<String, Long>> decisionsByMonth = new TreeMap<>();
        final SortedMap<String, Long> episodesByClass = new TreeMap<>();
        final SortedMap<String, BigDecimal> costByClass = new TreeMap<>();
        AllocationRows.Counts allocations = new AllocationRows.Counts();
        long eventRows;
        long episodeRows;
        long allocationRows;
        long linkageRows;
        long linkageMissing;

        void add(Selected record) {
            byType.merge(record.type(), 1L, Long::sum);
            addIfPresent(schemaVersions, record.schemaVersion());
            addIfPresent(rulesetVersions, record.rulesetVersion());
            addIfPresent(engineVersions, record.engineVersion());
            addIfPresent(subjectKeys, record.subjectKey());
            for (String flag : record.qualityFlags()) {
                qualityFlags.merge(flag, 1L, Long::sum);
            }
            Episodes.Event event = record.event();
            if (event != null && event.eventType().equals("decision")) {
                decisionsByMonth.computeIfAbsent(YearMonth.from(event.localDate()), month -> new TreeMap<>())
                        .merge(classOf(event.serviceClass()), 1L, Long::sum);
            }
        }

        void add(Episodes.Episode episode) {
            episodeRows++;
            String serviceClass = classOf(episode.serviceClass);
            episodesByClass.merge(serviceClass, 1L, Long::sum);
            if (episode.costEur != null) {
                costByClass.merge(serviceClass, new BigDecimal(episode.costEur), BigDecimal::add);
            }
            for (String flag : episode.flags) {
                episodeFlags.merge(flag, 1L, Long::sum);
            }
        }

        private static String classOf(String serviceClass) {
            return serviceClass == null ? UNKNOWN_CLASS : serviceClass;
        }

        /** The summary page's figures; expected shares come from the trials' definitions when they are given. */
        SummaryData data(String area, String period, List<Trial> trials) {
            List<SummaryData.TrialArms> trialArms = new ArrayList<>();
            Set<String> trialIds = new TreeSet<>(allocations.arms.keySet());
            trialIds.addAll(allocations.corrections.keySet());
            for (String trialId : trialIds) {
                SortedMap<String, Long> counts = allocations.arms.getOrDefault(trialId, new TreeMap<>());
                Trial trial = trials.stream().filter(t -> t.id().equals(trialId)).findFirst().orElse(null);
                trialArms.add(trialArms(trialId, trial, counts, allocations.corrections.getOrDefault(trialId, 0L)));
            }
            return new SummaryData(area, period, rulesetVersions, eventRows, episodeRows, allocationRows,
                    decisionsByMonth, episodesByClass, costByClass, trialArms, qualityFlags, episodeFlags);
        }

        /**
         * A trial's arms: with its definition, the defined arms in order with their expected shares and the
         * chi-square p-value, then any arm no longer defined; without it, the arms seen, shares and p unknown (NaN).
         */
        private static SummaryData.TrialArms trialArms(String trialId, Trial trial, SortedMap<String, Long> counts,
                long corrections) {
            List<SummaryData.Arm> arms = new ArrayList<>();
            Map<String, Long> left = new TreeMap<>(counts);
            double pValue = Double.NaN;
            if (trial != null) {
                List<TrialDefinition.Arm> defined = trial.definition().arms();
                long[] observed = new long[defined.size()];
                int[] weights = new int[defined.size()];
                for (int i = 0; i < observed.length; i++) {
                    TrialDefinition.Arm arm = defined.get(i);
                    observed[i] = left.getOrDefault(arm.name(), 0L);
                    weights[i] = arm.weight();
                    left.remove(arm.name());
                    arms.add(new SummaryData.Arm(arm.name(), observed[i], arm.weight() / (double) KeyedHashV1.TOTAL_WEIGHT));
                }
                pValue = BalanceReport.pValue(observed, weights);
            }
            left.forEach((arm, count) -> arms.add(new SummaryData.Arm(arm, count, trial == null ? Double.NaN : 0)));
            return new SummaryData.TrialArms(trialId, arms, corrections, pValue);
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
        private AllocationStore ledger;
        private List<Trial> trials = List.of();
        private IdentityVault vault;
        private Recipient recipient;
        private Progress progress = Progress.NONE;
        private int runSize;
        private SortedSet<String> served = ServedAreas.bundled();

        private Builder() {
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

        /**
         * The areas this installation serves, as the engine's setting {@code tutka.areas} names them
         * ({@code Tutka.areas()}); by default the areas of the bundled municipality-to-area table, {@code 179} and
         * {@code 837}. A delivery of another area is refused.
         */
        public Builder servedAreas(Collection<String> areas) {
            this.served = ServedAreas.require(areas, "servedAreas(...)");
            return this;
        }

        /**
         * The half-year, from 2025H1 (the TE reform) on: {@code half} 1 is 1 January–30 June, 2 is 1 July–31 December
         * (Helsinki dates).
         */
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
         * The allocation ledger: its allocations and corrections of the area and half-year become
         * {@code allocations.csv}, and its chain head, checked first, the manifest's {@code ledger_head}. Without
         * it (an area without trials), {@code allocations.csv} holds only its header.
         */
        public Builder allocations(AllocationStore ledger) {
            this.ledger = ledger;
            return this;
        }

        /** The trials' definitions, for the expected shares and balance test in {@code summary.html}. */
        public Builder trials(List<Trial> trials) {
            this.trials = trials;
            return this;
        }

        /** The identity vault the engine filled: the source of the linkage file's identity codes. */
        public Builder identityVault(IdentityVault vault) {
            this.vault = vault;
            return this;
        }

        /** The recipient (Statistics Finland) whose certificate the linkage file is encrypted to. */
        public Builder recipient(Recipient recipient) {
            this.recipient = recipient;
            return this;
        }

        /** Hears the build's steps and reading; nothing unless set. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** Records per sort run; by default as many as a sixteenth of the heap holds. For tests. */
        Builder runSize(int runSize) {
            this.runSize = runSize;
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
            if (!served.contains(area)) {
                throw configuration("area: " + area + " " + ServedAreas.notServed(served)
                        + "; call servedAreas(...) with the engine's areas");
            }
            if (year < 1000 || year > 9999) {
                throw configuration("period: year " + year + " must have four digits (period(2026, 1))");
            }
            if (half != 1 && half != 2) {
                throw configuration("period: half " + half + " must be 1 (January-June) or 2 (July-December)");
            }
            if (year < FIRST_YEAR) {
                throw configuration("period: " + year + "H" + half + " is before " + FIRST_YEAR + "H1: employment "
                        + "areas deliver from the TE reform (1 January " + FIRST_YEAR + ") on");
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
            if (vault == null) {
                throw configuration("identityVault is not set: call identityVault(IdentityVault) with the vault the "
                        + "engine filled (setting tutka.vault); the linkage file's identity codes come from it");
            }
            if (recipient == null) {
                throw configuration("recipient is not set: call recipient(Recipient.load(certificate, clock)) with "
                        + "the X.509 certificate the linkage file is encrypted to");
            }
            if (trials == null || progress == null) {
                throw configuration("trials and progress must not be null: leave them unset instead");
            }
            return new DeliveryBuilder(this);
        }

        private static TutkaException configuration(String message) {
            return new TutkaException(ErrorCode.CONFIGURATION, message);
        }
    }
}
