package fi.tutka.delivery;

import fi.tutka.facts.ResearchClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The delivery's codebook, from the resource {@code fi/tutka/delivery/codebook.csv}: one row per column of every
 * delivered CSV file, in column order. The resource's {@code source} column says where a column of {@code events.csv}
 * comes from (see {@link Column}); it is empty for computed columns and is not delivered. A {@code values} cell of
 * {@code @research_classes} is filled from the research-class catalogue; {@code @quality_flags} and
 * {@code @episode_flags} from the resource {@code fi/tutka/delivery/flags.csv}. The delivered value list of a coded
 * column holds its codes and, after them, every other value the delivery holds in the column (see {@link Unlisted}):
 * an accepted record may carry a well-shaped code that Tutka's classification lacks, flagged (the resource's
 * {@code unlisted_flag} column names the flag, not delivered), and a local rule may set a flag that the resource
 * does not describe. Adding a column to {@code events.csv} is one line in the resource.
 */
final class Codebook {
    static final String RESOURCE = "/fi/tutka/delivery/codebook.csv";
    static final List<String> HEADER =
            List.of("file", "variable", "type", "unit", "description_fi", "description_en", "values");
    private static final Set<String> TYPES = Set.of("string", "integer", "decimal", "date", "boolean", "list");
    private static final String RESEARCH_CLASSES = "@research_classes";
    private static final String QUALITY_FLAGS = "quality_flags";
    private static final String FLAGS_RESOURCE = "/fi/tutka/delivery/flags.csv";
    private static final String UNDESCRIBED = "paikallisen säännön asettama, ei kuvausta / set by a local rule, not described";
    private static final String NOT_CLASSIFIED_FI = "ei Tutkan luokituksessa";
    private static final String NOT_CLASSIFIED_EN = "not in Tutka's classification";

    /**
     * One delivered column.
     *
     * @param file          the CSV file that holds it, {@code events.csv}
     * @param variable      the column's name
     * @param type          {@code string}, {@code integer}, {@code decimal}, {@code date}, {@code boolean} or
     *                      {@code list} (strings separated by {@code ;}, each one of the values when there are values)
     * @param unit          unit, or empty
     * @param source        for {@code events.csv}, a JSON pointer into the record ({@code /data/area}); one ending in
     *                      {@code /prefix*} joins the members of the object it points at whose names start with
     *                      {@code prefix} as {@code name=value} with the prefix cut off, sorted by name, separated
     *                      by {@code ;}; empty for a column another class computes
     * @param descriptionFi Finnish description
     * @param descriptionEn English description
     * @param values        {@code code=meaning|code=meaning} for coded variables, {@code @quality_flags} or
     *                      {@code @episode_flags} for a flag list, or empty
     * @param codes         the codes of {@code values} (for a flag list, the described flags), empty for a column
     *                      without values
     * @param unlistedFlag  the quality flag a record carries when the column holds a value that is not one of
     *                      {@code codes}, or empty
     */
    record Column(String file, String variable, String type, String unit, String source, String descriptionFi,
            String descriptionEn, String values, Set<String> codes, String unlistedFlag) {

        Column {
            codes = Collections.unmodifiableSet(new LinkedHashSet<>(codes));
        }

        /** Whether the column is a flag list ({@code @quality_flags}, {@code @episode_flags}). */
        boolean flagList() {
            return values.startsWith("@");
        }

        /**
         * The delivered row; the values are the column's codes as described, then {@code unlisted}: the values the
         * delivery holds in the column that are not among them (a flag list keeps all its flags sorted by name).
         */
        List<String> codebookRow(Set<String> unlisted) {
            String delivered = values;
            if (flagList()) {
                SortedMap<String, String> flags = new TreeMap<>(INSTANCE.flags.get(values.substring(1)));
                for (String flag : unlisted) {
                    flags.putIfAbsent(flag, UNDESCRIBED);
                }
                StringJoiner joined = new StringJoiner("|");
                flags.forEach((code, meaning) -> joined.add(code + "=" + meaning));
                delivered = joined.toString();
            } else if (!values.isEmpty() && !unlisted.isEmpty()) {
                StringJoiner joined = new StringJoiner("|");
                joined.add(values);
                for (String value : new TreeSet<>(unlisted)) {
                    joined.add(value + "=" + notClassified());
                }
                delivered = joined.toString();
            }
            return List.of(file, variable, type, unit, descriptionFi, descriptionEn, delivered);
        }

        /** The meaning given to a value that is not one of the codes. */
        private String notClassified() {
            if (unlistedFlag.isEmpty()) {
                return NOT_CLASSIFIED_FI + " / " + NOT_CLASSIFIED_EN;
            }
            return NOT_CLASSIFIED_FI + ", merkitty laatulipulla " + unlistedFlag + " / " + NOT_CLASSIFIED_EN
                    + ", marked by the quality flag " + unlistedFlag;
        }
    }

    /**
     * The values a delivery's coded columns hold that are not among their codes, by file and column, gathered
     * while the files are written, so that the codebook lists every value a coded column holds.
     *
     * <p>Memory: the rows are streamed and sorted externally, but this keeps every distinct unlisted value in
     * memory until the codebook is written. That stays small whatever the number of rows because the values are
     * short codes and few: a client attribute is at most 32 letters, digits, {@code .}, {@code _} and {@code -}
     * (the engine rejects anything else), and a class, an act or a flag set by a local rule is a name, not data
     * that varies from client to client. Sorted sets keep the codebook's order the same on every build.
     *
     * <p>A value that a value list cannot hold (one with {@code |} or {@code =}, which separate the list's items
     * and their meanings, or an empty list item) is not taken: {@code tutka verify-delivery} then reports the
     * cell rather than a codebook it cannot read.
     */
    static final class Unlisted {
        private final Map<String, SortedSet<String>> byColumn = new HashMap<>();

        /**
         * The items of a row's coded cells that their lists lack, as {@code variable=value} (a variable's name has
         * no {@code =}); each {@code ;}-separated item of a list counts. Empty for nearly every row.
         */
        static List<String> inRow(List<Column> columns, List<String> cells) {
            List<String> found = List.of();
            for (int i = 0; i < cells.size(); i++) {
                Column column = columns.get(i);
                String cell = cells.get(i);
                if (column.codes().isEmpty() || cell.isEmpty()) {
                    continue;
                }
                if (column.type().equals("list")) {
                    for (String item : cell.split(";", -1)) {
                        found = unlisted(found, column, item);
                    }
                } else {
                    found = unlisted(found, column, cell);
                }
            }
            return found;
        }

        private static List<String> unlisted(List<String> found, Column column, String value) {
            if (column.codes().contains(value) || value.isEmpty() || value.indexOf('|') >= 0
                    || value.indexOf('=') >= 0) {
                return found;
            }
            List<String> more = found.isEmpty() ? new ArrayList<>(2) : found;
            more.add(column.variable() + "=" + value);
            return more;
        }

        /** Takes what {@link #inRow} found in a delivered row of {@code file}. */
        void add(String file, List<String> found) {
            for (String item : found) {
                int equals = item.indexOf('=');
                byColumn.computeIfAbsent(file + "," + item.substring(0, equals), key -> new TreeSet<>())
                        .add(item.substring(equals + 1));
            }
        }

        /** Takes a delivered row of {@code file}, in {@code columns}' order. */
        void addRow(String file, List<Column> columns, List<String> cells) {
            add(file, inRow(columns, cells));
        }

        /** The column's unlisted values, sorted. */
        SortedSet<String> of(Column column) {
            return byColumn.getOrDefault(column.file() + "," + column.variable(), Collections.emptySortedSet());
        }
    }

    private static final Codebook INSTANCE = load();

    private final List<Column> columns;
    /** Described flags by list ({@code quality_flags}, {@code episode_flags}): code to "fi / en". */
    private final Map<String, SortedMap<String, String>> flags;

    private Codebook(List<Column> columns, Map<String, SortedMap<String, String>> flags) {
        this.columns = List.copyOf(columns);
        this.flags = Map.copyOf(flags);
    }

    static Codebook get() {
        return INSTANCE;
    }

    /** Every column of every file, in resource order. */
    List<Column> columns() {
        return columns;
    }

    /** The columns of one file, in order. */
    List<Column> columns(String file) {
        List<Column> found = new ArrayList<>();
        for (Column column : columns) {
            if (column.file().equals(file)) {
                found.add(column);
            }
        }
        return found;
    }

    private static Codebook load() {
        Map<String, SortedMap<String, String>> flags = new HashMap<>();
        for (CSVRecord row : rows(FLAGS_RESOURCE)) {
            flags.computeIfAbsent(row.get("list"), list -> new TreeMap<>())
                    .put(row.get("code"), row.get("description_fi") + " / " + row.get("description_en"));
        }
        List<Column> columns = new ArrayList<>();
        for (CSVRecord row : rows(RESOURCE)) {
            String type = row.get("type");
            String source = row.get("source");
            String values = row.get("values");
            String unlistedFlag = row.get("unlisted_flag");
            boolean flagList = values.startsWith("@") && !values.equals(RESEARCH_CLASSES);
            if (!TYPES.contains(type) || !(source.isEmpty() || source.startsWith("/"))
                    || (flagList && !flags.containsKey(values.substring(1)))
                    || !(unlistedFlag.isEmpty() || (!values.isEmpty() && !flagList
                            && flags.get(QUALITY_FLAGS).containsKey(unlistedFlag)))) {
                throw new IllegalStateException(RESOURCE + " line " + row.getRecordNumber() + ": type must be one of "
                        + TYPES + ", source empty or a JSON pointer, values a list of " + FLAGS_RESOURCE
                        + ", and unlisted_flag empty or, for a column with values, a quality flag of "
                        + FLAGS_RESOURCE);
            }
            if (values.equals(RESEARCH_CLASSES)) {
                values = researchClassValues();
            }
            Set<String> codes = new LinkedHashSet<>();
            if (flagList) {
                codes.addAll(flags.get(values.substring(1)).keySet());
            } else if (!values.isEmpty()) {
                for (String item : values.split("\\|")) {
                    if (item.indexOf('=') <= 0) {
                        throw new IllegalStateException(RESOURCE + " line " + row.getRecordNumber()
                                + ": values must be code=meaning|code=meaning...");
                    }
                    codes.add(item.substring(0, item.indexOf('=')));
                }
            }
            columns.add(new Column(row.get("file"), row.get("variable"), type, row.get("unit"), source,
                    row.get("description_fi"), row.get("description_en"), values, codes, unlistedFlag));
        }
        return new Codebook(columns, flags);
    }

    private static List<CSVRecord> rows(String resource) {
        try (InputStream in = Codebook.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from tutka-core");
            }
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            return format.parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String researchClassValues() {
        StringJoiner values = new StringJoiner("|");
        for (ResearchClass researchClass : ResearchClass.all()) {
            values.add(researchClass.code() + "=" + researchClass.nameFi() + " / " + researchClass.nameEn());
        }
        return values.toString();
    }
}
