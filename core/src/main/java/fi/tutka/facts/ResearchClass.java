package fi.tutka.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A national research service class, from the catalogue {@code fi/tutka/research-classes.csv}: the classes are
 * fixed by the research project, while each area maps its own local codes onto them in its rules.
 *
 * @param code           {@code pay_subsidy_50}
 * @param statutory      whether the service is statutory
 * @param statutoryBasis the act it rests on from 2025 ({@code 380/2023}), empty for non-statutory services
 * @param nameFi         Finnish name
 * @param nameEn         English name
 * @param contact        whether it is a one-off contact held on its day (an initial interview, a job-search
 *                       discussion) rather than a service that starts and ends
 */
public record ResearchClass(String code, boolean statutory, String statutoryBasis, String nameFi, String nameEn,
        boolean contact) {
    private static final Map<String, ResearchClass> CATALOGUE = load();

    /** The class with this code; an unknown code names the catalogue's codes. */
    public static ResearchClass of(String code) {
        ResearchClass found = CATALOGUE.get(code);
        if (found == null) {
            throw new IllegalArgumentException("'" + code + "' is not a research service class; known classes: "
                    + String.join(", ", CATALOGUE.keySet()));
        }
        return found;
    }

    /** Whether {@code code} is a class of one-off contacts; false for null or a code not in the catalogue. */
    public static boolean isContact(String code) {
        ResearchClass found = code == null ? null : CATALOGUE.get(code);
        return found != null && found.contact();
    }

    /** Every class, in catalogue order. */
    public static List<ResearchClass> all() {
        return List.copyOf(CATALOGUE.values());
    }

    private static Map<String, ResearchClass> load() {
        Map<String, ResearchClass> classes = new LinkedHashMap<>();
        try (InputStream in = ResearchClass.class.getResourceAsStream("/fi/tutka/research-classes.csv")) {
            if (in == null) {
                throw new IllegalStateException("fi/tutka/research-classes.csv is missing from tutka-core");
            }
            CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord row : format.parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                classes.put(row.get("code"), new ResearchClass(row.get("code"),
                        Boolean.parseBoolean(row.get("statutory")), row.get("statutory_basis"),
                        row.get("name_fi"), row.get("name_en"), Boolean.parseBoolean(row.get("contact"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }
}
