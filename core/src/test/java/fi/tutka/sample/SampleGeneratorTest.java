package fi.tutka.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import fi.tutka.api.EventType;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Periods;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class SampleGeneratorTest {
    /** Looked up once: {@code Json.createReader} looks the provider up on every call (about a millisecond). */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Pattern CLIENT_ID = Pattern.compile("\"client_id\":\"([^\"]*)\"");
    private static final LocalDate H1_FIRST = LocalDate.of(2026, 1, 1);
    private static final LocalDate H1_LAST = LocalDate.of(2026, 6, 30);
    /** Finnish public holidays on weekdays in 2026 (Easter Sunday is 5 April 2026). */
    private static final Set<LocalDate> HOLIDAYS_2026 = Set.of(
            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 6), LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6),
            LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 14), LocalDate.of(2026, 6, 19),
            LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25));

    /** What one generation gave: the lines, the stats, and every line read back. */
    record Run(String text, List<String> lines, SampleGenerator.Stats stats, List<ServiceDecision> valid,
            List<String> validLines, Map<String, Integer> rejectedByKind) {
    }

    /** The full-scale run, made once for the tests that need it. */
    private static final class FullScale {
        static final Run RUN = generate("179", 2026, 1, 42L, 1.0);
    }

    static String text(String area, int year, int half, long seed, double scale) {
        StringWriter out = new StringWriter();
        SampleGenerator.builder().area(area).halfYear(year, half).seed(seed).scale(scale).build().write(out);
        return out.toString();
    }

    static Run generate(String area, int year, int half, long seed, double scale) {
        StringWriter out = new StringWriter();
        SampleGenerator.Stats stats = SampleGenerator.builder().area(area).halfYear(year, half).seed(seed)
                .scale(scale).build().write(out);
        String text = out.toString();
        List<String> lines = text.lines().toList();
        List<ServiceDecision> valid = new ArrayList<>();
        List<String> validLines = new ArrayList<>();
        Map<String, Integer> rejected = new LinkedHashMap<>();
        for (String line : lines) {
            try {
                valid.add(TutkaJson.readDecision(line));
                validLines.add(line);
            } catch (TutkaException e) {
                rejected.merge(classify(e.fieldErrors()), 1, Integer::sum);
            }
        }
        return new Run(text, lines, stats, valid, validLines, rejected);
    }

    /** The kind of a bad line, told from the reader's complaint alone. */
    private static String classify(List<FieldError> errors) {
        assertThat(errors).hasSize(1);
        FieldError error = errors.get(0);
        if (error.message().contains("not valid JSON")) {
            return "malformed_json";
        }
        if (error.message().contains("has no offset")) {
            return "no_offset";
        }
        if (error.message().equals("is required")) {
            return "missing_field";
        }
        if (error.message().contains("check character")) {
            return "bad_check_character";
        }
        if (error.pointer().equals("/decision_date") || error.message().contains("impossible birth date")) {
            return "impossible_date";
        }
        return "unexpected: " + error;
    }

    private static JsonObject object(String line) {
        try (JsonReader reader = JSON.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    // ------------------------------------------------------------------------------------------- determinism

    @Test
    void sameSeedGivesIdenticalBytes() {
        String a = text("179", 2026, 1, 7L, 0.05);
        String b = text("179", 2026, 1, 7L, 0.05);
        assertThat(a).isEqualTo(b);
        assertThat(a).endsWith("\n").doesNotContain("\r");
    }

    @Test
    void differentSeedGivesDifferentOutput() {
        assertThat(text("179", 2026, 1, 7L, 0.05)).isNotEqualTo(text("179", 2026, 1, 8L, 0.05));
        assertThat(text("179", 2026, 1, 7L, 0.05)).isNotEqualTo(text("179", 2026, 2, 7L, 0.05));
    }

    @Test
    void intensifiedCoachingAppearsFromTheTrialsStartForTheirTargetGroupsOnly() {
        Map<String, ServiceKind> kinds = codeTable("179");
        assertThat(generate("179", 2026, 1, 42L, 0.5).valid())
                .noneMatch(d -> kinds.get(d.serviceCode()) == ServiceKind.INTENSIFIED_COACHING);
        List<ServiceDecision> coaching = generate("179", 2026, 2, 42L, 0.5).valid().stream()
                .filter(d -> kinds.get(d.serviceCode()) == ServiceKind.INTENSIFIED_COACHING
                        && d.eventType() == EventType.DECISION)
                .toList();
        assertThat(coaching).hasSizeBetween(20, 40);
        for (ServiceDecision d : coaching) {
            LocalDate date = Periods.helsinkiDate(d.decisionTime());
            LocalDate birth = IdentityCode.parse(d.clientId().toUpperCase(Locale.ROOT)).birthDate();
            int age = Periods.ageOn(birth, date);
            int spell = Periods.completeMonths(d.client().unemploymentStart(), date);
            assertThat(date).isAfterOrEqualTo(LocalDate.of(2026, 9, 1));
            assertThat(age >= 18 && age <= 29 && spell >= 3 || age >= 55 && spell >= 12).as(d.decisionId()).isTrue();
        }
    }

    @Test
    void statsOfASmallRunAreExact() {
        Run run = generate("179", 2026, 1, 42L, 0.05);
        SampleGenerator.Stats stats = run.stats();
        assertThat(stats.lines()).isEqualTo(run.lines().size());
        assertThat(stats.valid()).isEqualTo(run.valid().size());
        assertThat(stats.invalid()).isEqualTo(run.lines().size() - run.valid().size());
        assertThat(stats.invalidByKind()).containsExactly(
                Map.entry("bad_check_character", 3), Map.entry("impossible_date", 2), Map.entry("missing_field", 2),
                Map.entry("no_offset", 1), Map.entry("malformed_json", 1));
        assertThat(run.rejectedByKind()).isEqualTo(nonZero(stats.invalidByKind()));
    }

    // ------------------------------------------------------------------------------------------- volumes

    @Test
    void fullScaleHasTheVolumesOfAMidSizedArea() {
        Run run = FullScale.RUN;
        assertThat(run.stats().lines()).isGreaterThanOrEqualTo(20_000).isLessThanOrEqualTo(30_000);
        Map<String, ServiceKind> kinds = codeTable("179");
        Map<ServiceKind, Integer> decisions = new EnumMap<>(ServiceKind.class);
        Map<String, Integer> unknown = new TreeMap<>();
        int unknownLines = 0;
        for (ServiceDecision d : run.valid()) {
            ServiceKind kind = kinds.get(d.serviceCode());
            if (kind == null) {
                unknownLines++;
                unknown.merge(d.serviceCode(), 1, Integer::sum);
            } else if (d.eventType() == fi.tutka.api.EventType.DECISION) {
                decisions.merge(kind, 1, Integer::sum);
            }
        }
        assertThat(decisions.get(ServiceKind.INITIAL_INTERVIEW)).isBetween(4_000, 5_000);
        assertThat(decisions.get(ServiceKind.JOB_SEARCH_DISCUSSION)).isBetween(14_000, 16_000);
        int paySubsidy = decisions.get(ServiceKind.PAY_SUBSIDY_50) + decisions.get(ServiceKind.PAY_SUBSIDY_70)
                + decisions.get(ServiceKind.PAY_SUBSIDY_100);
        assertThat(paySubsidy).isBetween(250, 350);
        assertThat(decisions.get(ServiceKind.PAY_SUBSIDY_50)).isBetween(120, 200);
        assertThat(decisions.get(ServiceKind.PAY_SUBSIDY_70)).isBetween(60, 120);
        assertThat(decisions.get(ServiceKind.PAY_SUBSIDY_100)).isBetween(25, 70);
        assertThat(decisions.get(ServiceKind.WORK_TRIAL)).isBetween(170, 230);
        assertThat(decisions.get(ServiceKind.LABOUR_MARKET_TRAINING)).isBetween(350, 450);
        assertThat(decisions.get(ServiceKind.COACHING)).isBetween(350, 450);
        assertThat(decisions.get(ServiceKind.SELF_MOTIVATED_STUDY)).isBetween(250, 350);
        assertThat(decisions.get(ServiceKind.START_UP_GRANT)).isBetween(50, 70);
        assertThat(decisions.get(ServiceKind.REHABILITATIVE_WORK)).isBetween(170, 230);
        assertThat(decisions.get(ServiceKind.NON_STATUTORY_MUNICIPAL)).isBetween(350, 450);
        assertThat(decisions.get(ServiceKind.EMPLOYMENT_SUBSIDY_55)).isBetween(3, 30);
        assertThat(decisions.get(ServiceKind.CAREER_GUIDANCE)).isBetween(100, 400);
        // Unknown local codes: about 0.3 % of the lines, all valid.
        assertThat(unknown).containsOnlyKeys("JKL-UUSI-PILOTTI");
        assertThat(unknownLines).isBetween(run.lines().size() / 1000, run.lines().size() * 6 / 1000);
        // Deliberately bad lines: 0.5-1 %, of every kind.
        assertThat(run.stats().invalid()).isBetween(run.lines().size() / 200, run.lines().size() / 100);
        assertThat(run.stats().invalidByKind().values()).allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    void lastingServicesHaveLivesOfSeveralEvents() {
        Map<String, ServiceKind> kinds = codeTable("179");
        Map<String, List<ServiceDecision>> episodes = new TreeMap<>();
        for (ServiceDecision d : FullScale.RUN.valid()) {
            episodes.computeIfAbsent(d.decisionId().substring(0, d.decisionId().lastIndexOf('-')),
                    k -> new ArrayList<>()).add(d);
        }
        Map<fi.tutka.api.EventType, Integer> byType = new EnumMap<>(fi.tutka.api.EventType.class);
        for (List<ServiceDecision> events : episodes.values()) {
            ServiceKind kind = kinds.get(events.get(0).serviceCode());
            for (int i = 0; i < events.size(); i++) {
                ServiceDecision d = events.get(i);
                byType.merge(d.eventType(), 1, Integer::sum);
                assertThat(d.decisionId()).endsWith("-" + (i + 1));
                assertThat(d.clientId()).isEqualTo(events.get(0).clientId());
                assertThat(d.serviceCode()).isEqualTo(events.get(0).serviceCode());
                if (i > 0) {
                    assertThat(d.decisionDate()).isAfter(events.get(i - 1).decisionDate());
                }
            }
            if (kind != null && !kind.lasting()) {
                assertThat(events).singleElement().extracting(ServiceDecision::eventType)
                        .isEqualTo(fi.tutka.api.EventType.DECISION);
            }
        }
        assertThat(byType.get(fi.tutka.api.EventType.REFERRAL)).isBetween(150, 400);
        assertThat(byType.get(fi.tutka.api.EventType.START)).isBetween(1_400, 2_300);
        assertThat(byType.get(fi.tutka.api.EventType.END)).isBetween(300, 1_500);
        assertThat(byType.get(fi.tutka.api.EventType.CANCELLATION)).isBetween(50, 180);
    }

    @Test
    void durationsFollowTheRules() {
        Map<String, ServiceKind> kinds = codeTable("179");
        int paySubsidies = 0;
        int typicalPaySubsidies = 0;
        for (ServiceDecision d : FullScale.RUN.valid()) {
            ServiceKind kind = kinds.get(d.serviceCode());
            if (d.eventType() != fi.tutka.api.EventType.DECISION || kind == null || !kind.lasting()) {
                continue;
            }
            LocalDate start = d.startDate();
            LocalDate end = d.endDate();
            assertThat(start).isAfter(d.decisionDate());
            assertThat(end).isAfterOrEqualTo(start);
            switch (kind) {
                case WORK_TRIAL -> assertThat(end).isBefore(start.plusMonths(6));
                case START_UP_GRANT -> assertThat(end).isEqualTo(start.plusMonths(6).minusDays(1));
                case SELF_MOTIVATED_STUDY -> assertThat(end).isBefore(start.plusMonths(24));
                case REHABILITATIVE_WORK -> assertThat(end).isAfterOrEqualTo(start.plusMonths(3).minusDays(1))
                        .isBefore(start.plusMonths(24));
                case LABOUR_MARKET_TRAINING -> assertThat(end).isAfterOrEqualTo(start.plusMonths(2).minusDays(1))
                        .isBefore(start.plusMonths(10));
                case PAY_SUBSIDY_50, PAY_SUBSIDY_70, PAY_SUBSIDY_100 -> {
                    paySubsidies++;
                    if (!end.isBefore(start.plusMonths(6).minusDays(1)) && end.isBefore(start.plusMonths(12))) {
                        typicalPaySubsidies++;
                    }
                    assertThat(end).isBefore(start.plusMonths(24));
                }
                default -> assertThat(end).isBefore(start.plusMonths(24));
            }
        }
        assertThat(typicalPaySubsidies).isGreaterThan(paySubsidies * 7 / 10);
    }

    @Test
    void costsAreEurosWithCentsAndFunded() {
        Map<String, ServiceKind> kinds = codeTable("179");
        for (ServiceDecision d : FullScale.RUN.valid()) {
            if (d.cost() == null) {
                assertThat(d.funding()).isNull();
                continue;
            }
            assertThat(d.eventType()).isEqualTo(fi.tutka.api.EventType.DECISION);
            assertThat(d.cost().scale()).isEqualTo(2);
            assertThat(d.funding()).isNotNull();
            ServiceKind kind = kinds.get(d.serviceCode());
            if (kind == ServiceKind.LABOUR_MARKET_TRAINING) {
                assertThat(d.cost()).isBetween(new java.math.BigDecimal("3000"), new java.math.BigDecimal("9000"));
            } else if (kind == ServiceKind.COACHING) {
                assertThat(d.cost()).isBetween(new java.math.BigDecimal("600"), new java.math.BigDecimal("2000"));
            } else if (kind == ServiceKind.PAY_SUBSIDY_50) {
                long months = java.time.temporal.ChronoUnit.MONTHS.between(d.startDate(), d.endDate().plusDays(1));
                assertThat(d.cost()).isBetween(new java.math.BigDecimal(1000 * months),
                        new java.math.BigDecimal(2500 * months));
            }
        }
        for (String line : FullScale.RUN.validLines()) {
            assertThat(line).doesNotContainPattern("\"cost\":[0-9]+(\\.[0-9])?[,}]");
        }
    }

    // ------------------------------------------------------------------------------------------- validity

    @Test
    void everyValidLineIsReadAndEveryBadLineRejected() {
        Run run = FullScale.RUN;
        assertThat(run.valid()).hasSize(run.stats().valid());
        assertThat(run.lines().size() - run.valid().size()).isEqualTo(run.stats().invalid());
        assertThat(run.rejectedByKind()).isEqualTo(nonZero(run.stats().invalidByKind()));
        assertThat(run.stats().invalidByKind().keySet()).containsExactly(
                "bad_check_character", "impossible_date", "missing_field", "no_offset", "malformed_json");
    }

    @Test
    void validLinesAreExactlyTheCodecsOwnFormApartFromTheOffset() {
        for (int i = 0; i < FullScale.RUN.valid().size(); i += 97) {
            ServiceDecision d = FullScale.RUN.valid().get(i);
            String line = FullScale.RUN.validLines().get(i);
            String utc = TutkaJson.write(d);
            String offset = OffsetDateTime.ofInstant(d.decisionTime(), Periods.HELSINKI).format(
                    java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx"));
            assertThat(line).isEqualTo(utc.replace(d.decisionTime().toString(), offset));
        }
    }

    @Test
    void decisionIdsAreUniqueAndWellFormed() {
        Set<String> ids = new HashSet<>();
        for (ServiceDecision d : FullScale.RUN.valid()) {
            assertThat(d.decisionId()).matches("179-2026H1-\\d{6}-\\d").hasSizeLessThanOrEqualTo(64);
            assertThat(ids.add(d.decisionId())).as(d.decisionId()).isTrue();
            assertThat(d.area()).isEqualTo("179");
        }
    }

    @Test
    void everyIdentityCodeUsesATemporaryIndividualNumber() {
        int seen = 0;
        for (String line : FullScale.RUN.lines()) {
            Matcher m = CLIENT_ID.matcher(line);
            if (m.find() && m.group(1).length() >= 10) {
                int individual = Integer.parseInt(m.group(1).substring(7, 10));
                assertThat(individual).isBetween(900, 999);
                seen++;
            }
        }
        assertThat(seen).isGreaterThan(FullScale.RUN.lines().size() - 100);
        for (ServiceDecision d : FullScale.RUN.valid()) {
            assertThat(IdentityCode.parse(d.clientId()).temporary()).isTrue();
        }
    }

    @Test
    void everyCenturySignButPlusAppearsAmongValidLines() {
        Set<Character> signs = new TreeSet<>();
        for (ServiceDecision d : generate("179", 2026, 1, 3L, 0.05).valid()) {
            signs.add(d.clientId().charAt(6));
        }
        assertThat(signs).containsExactlyInAnyOrder('-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F');
        Map<Character, Integer> full = new TreeMap<>();
        for (ServiceDecision d : FullScale.RUN.valid()) {
            full.merge(d.clientId().charAt(6), 1, Integer::sum);
        }
        assertThat(full.keySet()).containsExactlyInAnyOrder('-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E',
                'F');
        assertThat(full.get('-')).isGreaterThan(full.get('Y') * 5);
    }

    // ------------------------------------------------------------------------------------------- time

    @Test
    void decisionTimesAreHelsinkiWorkingHoursInTheHalfYear() {
        int late = 0;
        int edges = 0;
        java.time.Instant previous = java.time.Instant.MIN;
        for (int i = 0; i < FullScale.RUN.valid().size(); i++) {
            ServiceDecision d = FullScale.RUN.valid().get(i);
            String raw = object(FullScale.RUN.validLines().get(i)).getString("decision_time");
            OffsetDateTime written = OffsetDateTime.parse(raw);
            ZonedDateTime helsinki = d.decisionTime().atZone(Periods.HELSINKI);
            assertThat(written.getOffset()).isEqualTo(helsinki.getOffset());
            assertThat(written.getOffset()).isIn(ZoneOffset.ofHours(2), ZoneOffset.ofHours(3));
            LocalDate date = helsinki.toLocalDate();
            assertThat(d.decisionDate()).isEqualTo(date);
            assertThat(date).isBetween(H1_FIRST, H1_LAST);
            assertThat(d.decisionTime()).isAfterOrEqualTo(previous);
            previous = d.decisionTime();
            LocalTime time = helsinki.toLocalTime();
            boolean office = !time.isBefore(LocalTime.of(8, 0)) && time.isBefore(LocalTime.of(16, 0));
            if (office && isWorkingDay2026(date)) {
                continue;
            }
            // The deliberate ones: the nightly batch at 23:30 and the e-service around midnight at the edges.
            assertThat(time.getHour() == 23 || time.getHour() == 0).as(raw).isTrue();
            if (time.getHour() == 23 && time.getMinute() == 30) {
                late++;
            } else {
                assertThat(date).isIn(H1_FIRST, H1_LAST);
                edges++;
            }
            if (date.equals(H1_FIRST)) {
                assertThat(d.decisionTime().atZone(ZoneOffset.UTC).getYear()).isEqualTo(2025);
            }
        }
        assertThat(late).isBetween(3, 40);
        assertThat(edges).isBetween(2, 10);
    }

    @Test
    void fewerDecisionsInJulyAndAroundChristmas() {
        Run run = generate("837", 2026, 2, 5L, 0.3);
        Map<Integer, Integer> perMonth = new TreeMap<>();
        Map<Integer, Integer> workingDays = new TreeMap<>();
        for (LocalDate d = LocalDate.of(2026, 7, 1); d.getYear() == 2026; d = d.plusDays(1)) {
            if (isWorkingDay2026(d)) {
                workingDays.merge(d.getMonthValue(), 1, Integer::sum);
            }
        }
        int christmas = 0;
        int earlyDecember = 0;
        for (ServiceDecision d : run.valid()) {
            assertThat(d.decisionDate()).isBetween(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 12, 31));
            assertThat(d.decisionId()).startsWith("837-2026H2-");
            if (d.eventType() != fi.tutka.api.EventType.DECISION) {
                continue; // starts and ends follow the services' own dates
            }
            perMonth.merge(d.decisionDate().getMonthValue(), 1, Integer::sum);
            if (d.decisionDate().getMonthValue() == 12) {
                if (d.decisionDate().getDayOfMonth() >= 21) {
                    christmas++;
                } else if (d.decisionDate().getDayOfMonth() >= 7 && d.decisionDate().getDayOfMonth() <= 11) {
                    earlyDecember++;
                }
            }
        }
        double july = perMonth.get(7) / (double) workingDays.get(7);
        double september = perMonth.get(9) / (double) workingDays.get(9);
        assertThat(july).isLessThan(september * 0.6);
        // 21-31 Dec 2026 has 7 working days (21-23, 28-31), 7-11 Dec has 5: compare per day.
        assertThat(christmas / 7.0).isLessThan(earlyDecember / 5.0 * 0.6);
    }

    @Test
    void easterAndHolidaysAreFinnish() {
        assertThat(WorkCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(WorkCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(WorkCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(WorkCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(WorkCalendar.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
        assertThat(WorkCalendar.easterSunday(2285)).isEqualTo(LocalDate.of(2285, 3, 22));
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1)) {
            assertThat(WorkCalendar.isWorkingDay(d)).as(d.toString()).isEqualTo(isWorkingDay2026(d));
        }
        assertThat(WorkCalendar.isPublicHoliday(LocalDate.of(2027, 6, 25))).isTrue(); // Midsummer Eve 2027
        assertThat(WorkCalendar.isPublicHoliday(LocalDate.of(2027, 5, 6))).isTrue(); // Ascension 2027
    }

    private static boolean isWorkingDay2026(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY
                && !HOLIDAYS_2026.contains(d);
    }

    // ------------------------------------------------------------------------------------------- clients

    @Test
    void clientSnapshotsAreConsistentAndRealistic() throws IOException {
        Map<String, fi.tutka.api.ClientSnapshot> snapshots = new HashMap<>();
        Map<String, LocalDate> firstSeen = new HashMap<>();
        Map<String, Integer> municipalities = new TreeMap<>();
        for (ServiceDecision d : FullScale.RUN.valid()) {
            fi.tutka.api.ClientSnapshot before = snapshots.putIfAbsent(d.clientId(), d.client());
            if (before != null) {
                assertThat(d.client()).isEqualTo(before);
            } else {
                firstSeen.put(d.clientId(), d.decisionDate());
                municipalities.merge(d.client().municipality(), 1, Integer::sum);
            }
            int age = Periods.ageOn(IdentityCode.parse(d.clientId()).birthDate(), d.decisionDate());
            assertThat(age).isBetween(17, 67);
        }
        assertThat(snapshots.size()).isBetween(5_000, 9_000);
        int youth = 0;
        int over55 = 0;
        int unemployed = 0;
        int longTerm = 0;
        int recentGraduates = 0;
        Map<String, Integer> status = new TreeMap<>();
        Map<String, Integer> education = new TreeMap<>();
        Map<String, Integer> language = new TreeMap<>();
        Map<String, Integer> benefit = new TreeMap<>();
        for (Map.Entry<String, fi.tutka.api.ClientSnapshot> e : snapshots.entrySet()) {
            fi.tutka.api.ClientSnapshot c = e.getValue();
            LocalDate seen = firstSeen.get(e.getKey());
            int age = Periods.ageOn(IdentityCode.parse(e.getKey()).birthDate(), seen);
            youth += age < 25 ? 1 : 0;
            over55 += age >= 55 ? 1 : 0;
            status.merge(c.jobseekerStatus(), 1, Integer::sum);
            education.merge(c.educationLevel(), 1, Integer::sum);
            language.merge(c.languageGroup(), 1, Integer::sum);
            benefit.merge(c.benefitType(), 1, Integer::sum);
            if (c.unemploymentStart() != null) {
                unemployed++;
                assertThat(c.unemploymentStart()).isBeforeOrEqualTo(seen);
                longTerm += Periods.completeMonths(c.unemploymentStart(), seen) >= 12 ? 1 : 0;
            }
            if (c.graduationDate() != null) {
                assertThat(age).isLessThan(31);
                assertThat(c.graduationDate()).isBefore(seen);
                recentGraduates += c.graduationDate().plusMonths(12).isAfter(seen) ? 1 : 0;
            }
        }
        int n = snapshots.size();
        assertThat(youth).isBetween(n / 8, n / 3);
        assertThat(over55).isBetween(n / 8, n / 3);
        assertThat(longTerm).isBetween(unemployed / 5, unemployed * 3 / 5);
        assertThat(recentGraduates).isGreaterThan(n / 50);
        assertThat(status.keySet()).containsExactly("00", "01", "02", "03", "04", "05", "06", "07", "08");
        assertThat(status.get("02")).isEqualTo(status.values().stream().mapToInt(Integer::intValue).max().getAsInt());
        assertThat(education.keySet()).containsExactly("3", "4", "5", "6", "7", "8", "9");
        assertThat(education.get("9")).isLessThan(n / 10);
        assertThat(language.keySet()).containsExactlyInAnyOrder("fi", "sv", "other");
        assertThat(language.get("fi")).isGreaterThan(n * 8 / 10);
        assertThat(benefit.keySet()).containsExactlyInAnyOrder("earnings_related", "basic_allowance",
                "labour_market_subsidy", "none");
        // Home municipalities: the area's own, the host the most common.
        assertThat(AreaProfile.municipalities("179", H1_FIRST, H1_LAST)).containsAll(municipalities.keySet());
        assertThat(municipalities.get("179"))
                .isEqualTo(municipalities.values().stream().mapToInt(Integer::intValue).max().getAsInt());
        assertThat(municipalities.keySet()).hasSizeGreaterThan(5);
    }

    @Test
    void everyClientOfTheAreaLivesInTheAreaFromTheTable() {
        assertThat(AreaProfile.municipalities("179", H1_FIRST, H1_LAST)).containsExactly(
                "077", "172", "179", "182", "291", "410", "435", "500", "592", "850", "892");
        assertThat(AreaProfile.municipalities("837", H1_FIRST, H1_LAST)).containsExactly(
                "211", "418", "536", "562", "604", "837", "922", "980");
    }

    // ------------------------------------------------------------------------------------------- areas

    @Test
    void otherAreasAreRejectedNamingTheSupportedOnes() {
        assertThatThrownBy(() -> SampleGenerator.builder().area("091"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported area \"091\": the sample generator knows the areas 179 (Jyväskylä region),"
                        + " 837 (Tampere region)");
        assertThatThrownBy(() -> SampleGenerator.builder().area(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("179").hasMessageContaining("837");
        assertThat(SampleGenerator.supportedAreas()).containsExactly("179", "837");
    }

    @Test
    void badParametersAreRejected() {
        assertThatThrownBy(() -> SampleGenerator.builder().halfYear(2026, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 3");
        assertThatThrownBy(() -> SampleGenerator.builder().halfYear(2024, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2024");
        assertThatThrownBy(() -> SampleGenerator.builder().scale(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> SampleGenerator.builder().scale(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> SampleGenerator.builder().area("179").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("halfYear");
        assertThatThrownBy(() -> SampleGenerator.builder().halfYear(2026, 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("area");
    }

    @Test
    void serviceCodesMatchTheRulesDecisionTables() throws IOException {
        // The rules module holds one decision table for all areas (service-codes.csv: area, code, class) or one an
        // area (service-codes-179.csv: code, class); data rows follow the column-title row.
        Path folder = Path.of("../rules/src/main/resources/fi/tutka/rules");
        assumeThat(Files.isDirectory(folder)).as("rules module beside core").isTrue();
        List<String> rows = new ArrayList<>();
        Path shared = folder.resolve("service-codes.csv");
        if (Files.exists(shared)) {
            for (List<String> row : dataRows(shared)) {
                rows.add(row.get(0) + "," + row.get(1) + "," + row.get(2));
            }
        }
        for (String area : SampleGenerator.supportedAreas()) {
            Path own = folder.resolve("service-codes-" + area + ".csv");
            if (Files.exists(own)) {
                for (List<String> row : dataRows(own)) {
                    rows.add(area + "," + row.get(0) + "," + row.get(1));
                }
            }
        }
        assumeThat(rows).as("service code tables in the rules module").isNotEmpty();
        List<String> ours = AreaProfile.CODES.stream()
                .map(r -> r.area() + "," + r.code() + "," + r.kind().researchClass()).toList();
        assertThat(ours).containsExactlyInAnyOrderElementsOf(rows);
    }

    private static List<List<String>> dataRows(Path table) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(table, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180)) {
            boolean data = false;
            for (CSVRecord record : parser) {
                if (data && record.size() >= 2 && !record.get(0).isBlank()) {
                    rows.add(record.toList());
                }
                data |= record.get(0).equals("Area") || record.get(0).equals("Local service code");
            }
        }
        return rows;
    }

    @Test
    void tampereUsesItsOwnCodes() {
        Run run = generate("837", 2026, 1, 11L, 0.05);
        Map<String, ServiceKind> kinds = codeTable("837");
        assertThat(run.valid()).allSatisfy(d -> {
            assertThat(d.area()).isEqualTo("837");
            assertThat(d.serviceCode()).satisfiesAnyOf(
                    code -> assertThat(kinds).containsKey(code),
                    code -> assertThat(code).isEqualTo("TRE-UUSI-PILOTTI"));
        });
        assertThat(run.rejectedByKind()).isEqualTo(nonZero(run.stats().invalidByKind()));
    }

    static Map<String, ServiceKind> codeTable(String area) {
        Map<String, ServiceKind> table = new HashMap<>();
        for (AreaProfile.CodeRow row : AreaProfile.CODES) {
            if (row.area().equals(area)) {
                table.put(row.code(), row.kind());
            }
        }
        return table;
    }

    static Map<String, Integer> nonZero(Map<String, Integer> counts) {
        Map<String, Integer> result = new LinkedHashMap<>();
        counts.forEach((k, v) -> {
            if (v > 0) {
                result.put(k, v);
            }
        });
        return result;
    }
}
