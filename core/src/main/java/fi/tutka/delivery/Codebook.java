package fi.tutka.delivery;

import fi.tutka.facts.ResearchClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The delivery's codebook, from the resource {@code fi/tutka/delivery/codebook.csv}: one row per column of every
 * delivered CSV file, in column order. The resource's {@code source} column says where a column's value comes from
 * (see {@link Column}); it is not delivered. A {@code values} cell of {@code @research_classes} is filled from the
 * research-class catalogue. Adding a column to {@code events.csv} is one line in the resource.
 */
final class Codebook {
    static final String RESOURCE = "/fi/tutka/delivery/codebook.csv";
    static final List<String> HEADER =
            List.of("file", "variable", "type", "unit", "description_fi", "description_en", "values");
    private static final Set<String> TYPES = Set.of("string", "integer", "decimal", "date", "boolean");
    private static final String RESEARCH_CLASSES = "@research_classes";

    /**
     * One delivered column.
     *
     * @param file          the CSV file that holds it, {@code events.csv}
     * @param variable      the column's name
     * @param type          {@code string}, {@code integer}, {@code decimal}, {@code date} or {@code boolean}
     * @param unit          unit, or empty
     * @param source        a JSON pointer into the record ({@code /data/area}); one ending in {@code /prefix*}
     *                      joins the members of the object it points at whose names start with {@code prefix} as
     *                      {@code name=value} with the prefix cut off, sorted by name, separated by {@code ;}
     * @param descriptionFi Finnish description
     * @param descriptionEn English description
     * @param values        {@code code=meaning|code=meaning} for coded variables, or empty
     */
    record Column(String file, String variable, String type, String unit, String source, String descriptionFi,
            String descriptionEn, String values) {

        List<String> codebookRow() {
            return List.of(file, variable, type, unit, descriptionFi, descriptionEn, values);
        }
    }

    private static final Codebook INSTANCE = load();

    private final List<Column> columns;

    private Codebook(List<Column> columns) {
        this.columns = List.copyOf(columns);
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
        List<Column> columns = new ArrayList<>();
        try (InputStream in = Codebook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from tutka-core");
            }
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord row : format.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String type = row.get("type");
                String source = row.get("source");
                if (!TYPES.contains(type) || !source.startsWith("/")) {
                    throw new IllegalStateException(RESOURCE + " line " + row.getRecordNumber()
                            + ": type must be one of " + TYPES + " and source a JSON pointer");
                }
                String values = row.get("values");
                if (values.equals(RESEARCH_CLASSES)) {
                    values = researchClassValues();
                }
                columns.add(new Column(row.get("file"), row.get("variable"), type, row.get("unit"), source,
                        row.get("description_fi"), row.get("description_en"), values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Codebook(columns);
    }

    private static String researchClassValues() {
        StringJoiner values = new StringJoiner("|");
        for (ResearchClass researchClass : ResearchClass.all()) {
            values.add(researchClass.code() + "=" + researchClass.nameFi() + " / " + researchClass.nameEn());
        }
        return values.toString();
    }
}
