package fi.tutka.delivery;

import fi.tutka.facts.ResearchClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The delivery's codebook, from the resource {@code fi/tutka/delivery/codebook.csv}: one row per column of every
 * delivered CSV file, in column order. The resource's {@code source} column says where a column of {@code events.csv}
 * comes from (see {@link Column}); it is empty for computed columns and is not delivered. A {@code values} cell of
 * {@code @research_classes} is filled from the research-class catalogue; {@code @quality_flags} and
 * {@code @episode_flags} from the resource {@code fi/tutka/delivery/flags.csv}, plus any flag a local rule set
 * that the resource does not describe. Adding a column to {@code events.csv} is one line in the resource.
 */
final class Codebook {
    static final String RESOURCE = "/fi/tutka/delivery/codebook.csv";
    static final List<String> HEADER =
            List.of("file", "variable", "type", "unit", "description_fi", "description_en", "values");
    private static final Set<String> TYPES = Set.of("string", "integer", "decimal", "date", "boolean", "list");
    private static final String RESEARCH_CLASSES = "@research_classes";
    static final String QUALITY_FLAGS = "quality_flags";
    static final String EPISODE_FLAGS = "episode_flags";
    private static final String FLAGS_RESOURCE = "/fi/tutka/delivery/flags.csv";
    private static final String UNDESCRIBED = "paikallisen säännön asettama, ei kuvausta / set by a local rule, not described";

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
     */
    record Column(String file, String variable, String type, String unit, String source, String descriptionFi,
            String descriptionEn, String values) {

        /**
         * The delivered row; a flag list's values are the described flags plus those the delivery holds that no
         * description covers ({@code seenFlags} by list name: {@code quality_flags}, {@code episode_flags}).
         */
        List<String> codebookRow(Map<String, Set<String>> seenFlags) {
            String delivered = values;
            if (values.startsWith("@")) {
                String list = values.substring(1);
                SortedMap<String, String> flags = new TreeMap<>(INSTANCE.flags.get(list));
                for (String flag : seenFlags.getOrDefault(list, Set.of())) {
                    flags.putIfAbsent(flag, UNDESCRIBED);
                }
                StringJoiner joined = new StringJoiner("|");
                flags.forEach((code, meaning) -> joined.add(code + "=" + meaning));
                delivered = joined.toString();
            }
            return List.of(file, variable, type, unit, descriptionFi, descriptionEn, delivered);
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
            boolean flagList = values.startsWith("@") && !values.equals(RESEARCH_CLASSES);
            if (!TYPES.contains(type) || !(source.isEmpty() || source.startsWith("/"))
                    || (flagList && !flags.containsKey(values.substring(1)))) {
                throw new IllegalStateException(RESOURCE + " line " + row.getRecordNumber() + ": type must be one of "
                        + TYPES + ", source empty or a JSON pointer, and values a list of " + FLAGS_RESOURCE);
            }
            if (values.equals(RESEARCH_CLASSES)) {
                values = researchClassValues();
            }
            columns.add(new Column(row.get("file"), row.get("variable"), type, row.get("unit"), source,
                    row.get("description_fi"), row.get("description_en"), values));
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
