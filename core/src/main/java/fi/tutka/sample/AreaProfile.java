package fi.tutka.sample;

import fi.tutka.internal.AreaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** What the generator knows of one employment area: its local service codes and its municipalities. */
final class AreaProfile {
    /** One data row of the rules module's service-code decision tables. */
    record CodeRow(String area, String code, ServiceKind kind) {
    }

    /**
     * The local service codes of the supported areas, exactly the data rows of the rules module's service-code
     * decision tables ({@code rules/src/main/resources/fi/tutka/rules/service-codes*.csv}). Core cannot read the
     * rules module; a test compares the two.
     */
    static final List<CodeRow> CODES = List.of(
            new CodeRow("179", "TYVO-KOUL", ServiceKind.LABOUR_MARKET_TRAINING),
            new CodeRow("179", "PT50", ServiceKind.PAY_SUBSIDY_50),
            new CodeRow("179", "PT70", ServiceKind.PAY_SUBSIDY_70),
            new CodeRow("179", "PT100", ServiceKind.PAY_SUBSIDY_100),
            new CodeRow("179", "TT55", ServiceKind.EMPLOYMENT_SUBSIDY_55),
            new CodeRow("179", "TKOK", ServiceKind.WORK_TRIAL),
            new CodeRow("179", "VALM-TYO", ServiceKind.COACHING),
            new CodeRow("179", "VALM-URA", ServiceKind.COACHING),
            new CodeRow("179", "UKO", ServiceKind.CAREER_GUIDANCE),
            new CodeRow("179", "STR", ServiceKind.START_UP_GRANT),
            new CodeRow("179", "OMO", ServiceKind.SELF_MOTIVATED_STUDY),
            new CodeRow("179", "KTT", ServiceKind.REHABILITATIVE_WORK),
            new CodeRow("179", "AH", ServiceKind.INITIAL_INTERVIEW),
            new CodeRow("179", "THK", ServiceKind.JOB_SEARCH_DISCUSSION),
            new CodeRow("179", "JKL-TYOPAJA", ServiceKind.NON_STATUTORY_MUNICIPAL),
            new CodeRow("179", "JKL-KESATYO", ServiceKind.NON_STATUTORY_MUNICIPAL),
            new CodeRow("179", "JKL-POLKU", ServiceKind.NON_STATUTORY_MUNICIPAL),
            new CodeRow("179", "VALM-TEHO", ServiceKind.INTENSIFIED_COACHING),
            new CodeRow("837", "TRE-TYKO", ServiceKind.LABOUR_MARKET_TRAINING),
            new CodeRow("837", "TRE-PT50", ServiceKind.PAY_SUBSIDY_50),
            new CodeRow("837", "TRE-PT70", ServiceKind.PAY_SUBSIDY_70),
            new CodeRow("837", "TRE-PT100", ServiceKind.PAY_SUBSIDY_100),
            new CodeRow("837", "TRE-TT55", ServiceKind.EMPLOYMENT_SUBSIDY_55),
            new CodeRow("837", "TRE-TYOKOK", ServiceKind.WORK_TRIAL),
            new CodeRow("837", "TRE-VALM", ServiceKind.COACHING),
            new CodeRow("837", "TRE-VALM-TEHO", ServiceKind.INTENSIFIED_COACHING),
            new CodeRow("837", "TRE-UKO", ServiceKind.CAREER_GUIDANCE),
            new CodeRow("837", "TRE-STARTTI", ServiceKind.START_UP_GRANT),
            new CodeRow("837", "TRE-OMAEHT", ServiceKind.SELF_MOTIVATED_STUDY),
            new CodeRow("837", "TRE-KUNTTT", ServiceKind.REHABILITATIVE_WORK),
            new CodeRow("837", "TRE-ALKUH", ServiceKind.INITIAL_INTERVIEW),
            new CodeRow("837", "TRE-THK", ServiceKind.JOB_SEARCH_DISCUSSION),
            new CodeRow("837", "TRE-TYOLLISYYSPALVELU", ServiceKind.NON_STATUTORY_MUNICIPAL));

    /** The supported areas and their names, in code order. */
    static final Map<String, String> SUPPORTED = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "179", "Jyväskylä region", "837", "Tampere region")));

    /** Approximate populations (2024), to weight the clients' home municipalities. */
    private static final Map<String, Integer> POPULATION = Map.ofEntries(
            Map.entry("179", 148_000), Map.entry("077", 4_700), Map.entry("172", 4_300), Map.entry("182", 19_500),
            Map.entry("291", 2_100), Map.entry("410", 19_000), Map.entry("435", 700), Map.entry("500", 10_300),
            Map.entry("592", 3_800), Map.entry("850", 2_300), Map.entry("892", 3_600),
            Map.entry("837", 260_000), Map.entry("211", 33_500), Map.entry("418", 24_500), Map.entry("536", 35_500),
            Map.entry("562", 9_000), Map.entry("604", 20_000), Map.entry("922", 4_400), Map.entry("980", 33_800));
    private static final int UNKNOWN_POPULATION = 5_000;

    private final String area;
    private final Map<ServiceKind, List<String>> codes = new EnumMap<>(ServiceKind.class);
    private final String[] municipalities;
    private final double[] cumulative;

    private AreaProfile(String area, List<String> municipalityCodes) {
        this.area = area;
        for (CodeRow row : CODES) {
            if (row.area().equals(area)) {
                codes.computeIfAbsent(row.kind(), k -> new ArrayList<>()).add(row.code());
            }
        }
        municipalities = municipalityCodes.toArray(new String[0]);
        cumulative = new double[municipalities.length];
        int largestOther = 0;
        for (String m : municipalities) {
            if (!m.equals(area)) {
                largestOther = Math.max(largestOther, population(m));
            }
        }
        double sum = 0;
        for (int i = 0; i < municipalities.length; i++) {
            int weight = population(municipalities[i]);
            if (municipalities[i].equals(area)) {
                weight = Math.max(weight, 2 * largestOther); // the host municipality weighs most
            }
            sum += weight;
            cumulative[i] = sum;
        }
    }

    /**
     * The profile of {@code area} for the period {@code first}–{@code last}.
     *
     * @throws IllegalArgumentException if the area is not supported or has no municipalities in the period
     */
    static AreaProfile of(String area, LocalDate first, LocalDate last) {
        requireSupported(area);
        List<String> municipalities = municipalities(area, first, last);
        if (municipalities.isEmpty()) {
            throw new IllegalArgumentException("area " + area + " has no municipalities from " + first + " to "
                    + last + " in fi/tutka/areas.csv");
        }
        return new AreaProfile(area, municipalities);
    }

    static void requireSupported(String area) {
        if (area == null || !SUPPORTED.containsKey(area)) {
            StringBuilder known = new StringBuilder();
            SUPPORTED.forEach((code, name) -> known.append(known.length() == 0 ? "" : ", ")
                    .append(code).append(" (").append(name).append(')'));
            throw new IllegalArgumentException("unsupported area " + (area == null ? "null" : "\"" + area + "\"")
                    + ": the sample generator knows the areas " + known);
        }
    }

    /** The area's municipality codes valid at some time in the period, from {@code fi/tutka/areas.csv}, sorted. */
    static List<String> municipalities(String area, LocalDate first, LocalDate last) {
        // the table may list a municipality twice
        return AreaTable.rows().stream().filter(row -> row.area().equals(area) && row.overlaps(first, last))
                .map(AreaTable.Row::municipality).distinct().sorted().toList();
    }

    private static int population(String municipality) {
        return POPULATION.getOrDefault(municipality, UNKNOWN_POPULATION);
    }

    String area() {
        return area;
    }

    /** The local codes of a kind of service; the first is the most used. */
    List<String> codes(ServiceKind kind) {
        return codes.get(kind);
    }

    /** A local code no rule knows, for a new pilot service: accepted downstream with a warning. */
    String pilotCode() {
        return area.equals("179") ? "JKL-UUSI-PILOTTI" : "TRE-UUSI-PILOTTI";
    }

    List<String> municipalities() {
        return List.of(municipalities);
    }

    /** A home municipality, weighted by population. */
    String municipality(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return municipalities[i];
            }
        }
        return municipalities[municipalities.length - 1];
    }
}
