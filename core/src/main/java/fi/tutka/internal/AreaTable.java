package fi.tutka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The bundled municipality-to-area table, {@code fi/tutka/areas.csv}: which municipality belonged to which employment
 * area (keyed by its host municipality's code) from when to when.
 */
public final class AreaTable {
    private static final String RESOURCE = "fi/tutka/areas.csv";
    private static final List<Row> ROWS = read();

    /**
     * One municipality's membership of an area.
     *
     * @param validFrom    the first day, or null for always
     * @param validTo      the last day, or null for still
     * @param municipality the municipality's 3-digit code
     * @param area         the area's host municipality's 3-digit code
     */
    public record Row(LocalDate validFrom, LocalDate validTo, String municipality, String area) {
        /** Whether the membership holds on some day from {@code first} to {@code last}. */
        public boolean overlaps(LocalDate first, LocalDate last) {
            return (validFrom == null || !validFrom.isAfter(last)) && (validTo == null || !validTo.isBefore(first));
        }
    }

    private AreaTable() {
    }

    /** Every row, in the table's order. */
    public static List<Row> rows() {
        return ROWS;
    }

    private static List<Row> read() {
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (InputStream in = AreaTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                    CSVParser parser = CSVParser.parse(reader, format)) {
                for (CSVRecord row : parser) {
                    rows.add(new Row(date(row.get("valid_from")), date(row.get("valid_to")),
                            row.get("municipality").strip(), row.get("area").strip()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return List.copyOf(rows);
    }

    private static LocalDate date(String text) {
        return text.isBlank() ? null : LocalDate.parse(text.strip());
    }
}
