package fi.tutka.sample;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.EventType;
import fi.tutka.api.Funding;
import fi.tutka.api.ServiceDecision;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Periods;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/** One generation: a client population, their service lives as events, and a few deliberately bad lines. */
final class SampleRun {
    /** One output line; {@code badKind} is null for a valid line. */
    record Line(Instant time, String id, String text, String badKind) {
    }

    private record Event(Instant time, String id, ServiceDecision decision) {
    }

    private record Choice(Client client, int day) {
    }

    private static final class Client {
        final String identityCode;
        final LocalDate birth;
        final ClientSnapshot snapshot;
        /** The first working day (index) on which the client can have discussions and services. */
        final int from;
        /** The last such day: some clients leave the services during the half-year (most find work). */
        final int until;

        Client(String identityCode, LocalDate birth, ClientSnapshot snapshot, int from, int until) {
            this.identityCode = identityCode;
            this.birth = birth;
            this.snapshot = snapshot;
            this.from = from;
            this.until = until;
        }
    }

    private static final String CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    /** Looked up once: {@code Json.createReader} and friends look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final DateTimeFormatter WITHOUT_OFFSET =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final Comparator<Line> BY_TIME = Comparator.comparing(Line::time).thenComparing(Line::id);

    // Volumes of a mid-sized area per half-year (DESIGN.md), multiplied by the scale.
    private static final int NEW_REGISTRATIONS = 4_500;
    private static final int EARLIER_CLIENTS = 4_000;
    private static final int DISCUSSIONS = 15_000;
    private static final int EDGE_DISCUSSIONS = 3;
    private static final int TRAINING = 400;
    private static final int PAY_SUBSIDY = 300;
    private static final int EMPLOYMENT_SUBSIDY_55 = 12;
    private static final int WORK_TRIAL = 200;
    private static final int COACHING = 400;
    /** Intensified coaching, the bundled trials' intervention, from their start on this date. */
    private static final LocalDate INTENSIFIED_COACHING_FROM = LocalDate.of(2026, 9, 1);
    private static final int INTENSIFIED_COACHING = 80;
    private static final int CAREER_GUIDANCE = 250;
    private static final int START_UP_GRANT = 60;
    private static final int STUDY = 300;
    private static final int REHABILITATIVE_WORK = 200;
    private static final int NON_STATUTORY = 400;
    private static final int PILOT = 30;

    private static final double LEAVING_SHARE = 0.5;
    private static final double REFERRAL_SHARE = 0.12;
    private static final double CANCELLATION_SHARE = 0.05;
    private static final double INTERRUPTION_SHARE = 0.08;
    private static final double LATE_BATCH_SHARE = 0.005;
    private static final double BAD_SHARE = 0.007;
    private static final double[] BAD_WEIGHTS = {0.30, 0.20, 0.20, 0.15, 0.15};
    private static final String[] MISSING_FIELDS = {"service_code", "client", "decision_time", "event_type"};

    private final AreaProfile profile;
    private final String prefix;
    private final int half;
    private final LocalDate first;
    private final LocalDate last;
    private final double scale;
    private final SplittableRandom random;
    private final WorkCalendar calendar;

    private final List<Client> newClients = new ArrayList<>();
    private final List<Client> earlierClients = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Set<String> identityCodes = new HashSet<>();
    /*
     * The first clients born in each century get the century's newer signs (in use since 2023), so that every sign
     * appears at any usable scale; later clients get them at random, mostly those with a foreign language.
     * The sign '+' (born in the 1800s) is deliberately never used: no living job seeker was born before 1900, and
     * every valid line must have a realistic age.
     */
    private final Deque<Character> pending1900 = new ArrayDeque<>(List.of('Y', 'X', 'W', 'V', 'U'));
    private final Deque<Character> pending2000 = new ArrayDeque<>(List.of('B', 'C', 'D', 'E', 'F'));
    private int episodes;

    SampleRun(AreaProfile profile, int year, int half, LocalDate first, LocalDate last, long seed, double scale) {
        this.profile = profile;
        this.prefix = profile.area() + "-" + year + "H" + half;
        this.half = half;
        this.first = first;
        this.last = last;
        this.scale = scale;
        this.random = new SplittableRandom(seed);
        this.calendar = new WorkCalendar(first, last);
    }

    List<Line> run() {
        makeClients();
        for (Client client : newClients) {
            // The initial interview is the decision at client.from - 1 (see makeClients).
            emit(client, ++episodes, 1, EventType.DECISION, code(ServiceKind.INITIAL_INTERVIEW),
                    calendar.day(client.from - 1), officeTime(), null, null, null, null);
        }
        discussions();
        services();
        List<Line> lines = new ArrayList<>(events.size() + events.size() / 50 + 10);
        for (Event event : events) {
            lines.add(new Line(event.time(), event.id(), json(event.decision()), null));
        }
        badLines(lines);
        lines.sort(BY_TIME);
        return lines;
    }

    private int count(int base) {
        return (int) Math.round(base * scale);
    }

    // ---------------------------------------------------------------------------------------------- clients

    private void makeClients() {
        int registrations = Math.max(1, count(NEW_REGISTRATIONS));
        for (int i = 0; i < registrations; i++) {
            int registered = calendar.pick(random, 0, calendar.last());
            // Initial interview within 10 working days of registration (from 2026; 5 before).
            int gap = 1 + random.nextInt(9);
            if (registered + gap > calendar.last()) {
                gap = random.nextInt(calendar.last() - registered + 1); // registered at the very end
            }
            int interview = registered + gap;
            newClients.add(client(calendar.day(registered), interview + 1, true));
        }
        int earlier = Math.max(1, count(EARLIER_CLIENTS));
        for (int i = 0; i < earlier; i++) {
            earlierClients.add(client(first, 0, false));
        }
    }

    /** A client first seen on {@code seen} (registration day, or the first day for earlier clients). */
    private Client client(LocalDate seen, int from, boolean registeredNow) {
        int age = age();
        LocalDate birth = birth(age);
        String language = pick(new String[] {"fi", "sv", "other"}, new int[] {885, 10, 105});
        char sign = centurySign(birth, language);
        boolean newerSign = sign != '-' && sign != 'A';
        if (newerSign && language.equals("other") && random.nextDouble() < 0.4) {
            // Codes given to immigrants often carry 1 January when the birth day is unknown.
            LocalDate newYear = birth.withDayOfYear(1);
            if (newYear.isAfter(last.minusYears(68))) {
                birth = newYear;
            }
        }
        String identityCode = identityCode(birth, sign);
        String status = status(registeredNow, age);
        LocalDate spellStart = spellStart(status, registeredNow, seen, age, birth);
        String education = education(age);
        LocalDate graduated = graduation(age, education, birth, seen);
        if (spellStart != null && graduated != null && spellStart.isBefore(graduated)) {
            spellStart = graduated.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(graduated, seen) + 1));
        }
        String benefit = benefit(status, spellStart == null ? -1 : ChronoUnit.DAYS.between(spellStart, seen), age);
        ClientSnapshot snapshot = new ClientSnapshot(profile.municipality(random), status, spellStart, education,
                language, benefit, graduated);
        // A share leave during the half-year: earlier clients' decisions thin out as new clients' grow, as in a
        // steady population.
        int until = from <= calendar.last() && random.nextDouble() < LEAVING_SHARE
                ? from + random.nextInt(calendar.last() - from + 1) : calendar.last();
        return new Client(identityCode, birth, snapshot, from, until);
    }

    private int age() {
        int[][] buckets = {{17, 19}, {20, 24}, {25, 29}, {30, 39}, {40, 49}, {50, 54}, {55, 59}, {60, 64}, {65, 67}};
        int[] weights = {4, 16, 12, 18, 17, 10, 13, 8, 2};
        int[] bucket = buckets[pickIndex(weights)];
        return bucket[0] + random.nextInt(bucket[1] - bucket[0] + 1);
    }

    /** A birth date giving {@code age} on the first day, and an age from 17 to 67 on every day of the half-year. */
    private LocalDate birth(int age) {
        LocalDate lo = max(first.minusYears(age + 1L).plusDays(1), last.minusYears(68).plusDays(1));
        LocalDate hi = first.minusYears(age);
        return lo.plusDays(random.nextLong(ChronoUnit.DAYS.between(lo, hi) + 1));
    }

    private char centurySign(LocalDate birth, String language) {
        boolean born2000s = birth.getYear() >= 2000;
        Deque<Character> pending = born2000s ? pending2000 : pending1900;
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        double newer = language.equals("other") ? 0.25 : 0.01;
        if (random.nextDouble() < newer) {
            return (born2000s ? "BCDEF" : "YXWVU").charAt(random.nextInt(5));
        }
        return born2000s ? 'A' : '-';
    }

    /** A valid code with a temporary individual number (900–999), unique in the run. */
    private String identityCode(LocalDate birth, char sign) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int individual = 900 + random.nextInt(100);
            char[] c = new char[11];
            digits(c, 0, birth.getDayOfMonth(), 2);
            digits(c, 2, birth.getMonthValue(), 2);
            digits(c, 4, birth.getYear() % 100, 2);
            c[6] = sign;
            digits(c, 7, individual, 3);
            c[10] = IdentityCode.checkCharacter(birth, individual);
            String code = new String(c);
            if (identityCodes.add(code)) {
                return code;
            }
        }
        throw new IllegalStateException("no free temporary identity code for a birth date");
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            into[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private String status(boolean registeredNow, int age) {
        String[] codes = {"00", "01", "02", "03", "04", "05", "06", "07", "08"};
        String status = registeredNow
                ? pick(codes, new int[] {1, 10, 64, 12, 2, 3, 0, 2, 6})
                : pick(codes, new int[] {7, 8, 50, 5, 2, 6, 1, 18, 3});
        if (status.equals("06") && age < 60 || status.equals("08") && age >= 35) {
            return "02";
        }
        return status;
    }

    /** The first day of the unemployment spell, for the unemployed, the laid off and those in a service. */
    private LocalDate spellStart(String status, boolean registeredNow, LocalDate seen, int age, LocalDate birth) {
        if (!status.equals("02") && !status.equals("03") && !status.equals("07")) {
            return null;
        }
        long days;
        if (registeredNow) {
            days = status.equals("03") ? random.nextInt(8) : random.nextInt(46);
        } else if (status.equals("03")) {
            days = 1 + random.nextInt(180);
        } else {
            double u = random.nextDouble();
            if (age < 25) {
                u *= 0.75; // young spells are shorter
            }
            if (u < 0.20) {
                days = 1 + random.nextInt(182);
            } else if (u < 0.40) {
                days = 183 + random.nextInt(183);
            } else if (u < 0.75) {
                days = 366 + random.nextInt(730);
            } else {
                days = 1096 + random.nextInt(1825);
            }
        }
        return max(seen.minusDays(days), birth.plusYears(16));
    }

    private String education(int age) {
        if (age < 19) {
            return "9";
        }
        if (age < 22) {
            return random.nextDouble() < 0.93 ? "3" : "9";
        }
        if (age < 25) {
            return pick(new String[] {"3", "4", "5", "6", "9"}, new int[] {55, 3, 7, 32, 3});
        }
        return pick(new String[] {"3", "4", "5", "6", "7", "8", "9"}, new int[] {44, 2, 10, 19, 20, 2, 3});
    }

    /** For some clients under 30: the date of the latest degree, within two years before they were seen. */
    private LocalDate graduation(int age, String education, LocalDate birth, LocalDate seen) {
        if (age >= 30 || education.equals("9") || random.nextDouble() >= 0.45) {
            return null;
        }
        int minimumAge = switch (education) {
            case "3" -> 18;
            case "4", "5" -> 20;
            case "6" -> 21;
            default -> 23;
        };
        LocalDate graduated = seen.minusDays(1 + random.nextInt(730));
        return graduated.isBefore(birth.plusYears(minimumAge)) ? null : graduated;
    }

    private String benefit(String status, long spellDays, int age) {
        String[] types = {"earnings_related", "basic_allowance", "labour_market_subsidy", "none"};
        switch (status) {
            case "02", "03", "07" -> {
                if (status.equals("03")) {
                    return pick(types, new int[] {75, 10, 5, 10});
                }
                if (age < 25) {
                    return pick(types, new int[] {15, 5, 55, 25});
                }
                return spellDays < 400 ? pick(types, new int[] {55, 12, 28, 5}) : pick(types, new int[] {5, 3, 82, 10});
            }
            case "01" -> {
                return random.nextDouble() < 0.3 ? "earnings_related" : "none";
            }
            case "04" -> {
                return random.nextDouble() < 0.8 ? "earnings_related" : "none";
            }
            default -> {
                return "none";
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- events

    private void discussions() {
        int total = Math.max(1, count(DISCUSSIONS));
        int edge = Math.max(1, count(EDGE_DISCUSSIONS));
        String code = code(ServiceKind.JOB_SEARCH_DISCUSSION);
        // A few filed through the e-service around midnight at the edges of the half-year (those just after midnight
        // on the first day fall on the previous day, even the previous year, in UTC).
        for (int i = 0; i < edge && total > 0; i++, total--) {
            Client client = earlierClients.get(random.nextInt(earlierClients.size()));
            emit(client, ++episodes, 1, EventType.DECISION, code, first, LocalTime.ofSecondOfDay(random.nextInt(1200)),
                    null, null, null, null);
        }
        for (int i = 0; i < edge && total > 0; i++, total--) {
            Client client = earlierClients.get(random.nextInt(earlierClients.size()));
            for (int attempt = 0; attempt < 100 && client.until < calendar.last(); attempt++) {
                client = earlierClients.get(random.nextInt(earlierClients.size())); // one still a client
            }
            emit(client, ++episodes, 1, EventType.DECISION, code, last,
                    LocalTime.of(23, 40).plusSeconds(random.nextInt(1200)), null, null, null, null);
        }
        while (total > 0) {
            // The day first, by the calendar's volumes, then a client who is a client on that day.
            int day = calendar.pick(random, 0, calendar.last());
            Client client = anyClient();
            if (day < client.from || day > client.until) {
                continue;
            }
            emit(client, ++episodes, 1, EventType.DECISION, code, calendar.day(day), officeTime(), null, null, null,
                    null);
            total--;
        }
    }

    private void services() {
        Object[][] plan = {
            {ServiceKind.LABOUR_MARKET_TRAINING, TRAINING},
            {ServiceKind.PAY_SUBSIDY_50, PAY_SUBSIDY},
            {ServiceKind.EMPLOYMENT_SUBSIDY_55, EMPLOYMENT_SUBSIDY_55},
            {ServiceKind.WORK_TRIAL, WORK_TRIAL},
            {ServiceKind.COACHING, COACHING},
            {ServiceKind.CAREER_GUIDANCE, CAREER_GUIDANCE},
            {ServiceKind.START_UP_GRANT, START_UP_GRANT},
            {ServiceKind.SELF_MOTIVATED_STUDY, STUDY},
            {ServiceKind.REHABILITATIVE_WORK, REHABILITATIVE_WORK},
            {ServiceKind.NON_STATUTORY_MUNICIPAL, NON_STATUTORY},
        };
        for (Object[] row : plan) {
            ServiceKind planned = (ServiceKind) row[0];
            int n = count((Integer) row[1]);
            for (int i = 0; i < n; i++) {
                ServiceKind kind = planned == ServiceKind.PAY_SUBSIDY_50
                        ? pick(new ServiceKind[] {ServiceKind.PAY_SUBSIDY_50, ServiceKind.PAY_SUBSIDY_70,
                            ServiceKind.PAY_SUBSIDY_100}, new int[] {55, 30, 15})
                        : planned;
                Choice choice = choose(kind);
                if (choice == null) {
                    continue; // no eligible client in a tiny population
                }
                if (kind.lasting()) {
                    lasting(kind, choice, code(kind, choice), false);
                } else {
                    emit(choice.client(), ++episodes, 1, EventType.DECISION, code(kind, choice),
                            calendar.day(choice.day()), officeTime(), null, null, null, null);
                }
            }
        }
        int pilots = Math.max(1, count(PILOT));
        for (int i = 0; i < pilots; i++) {
            Choice choice = choose(ServiceKind.NON_STATUTORY_MUNICIPAL);
            if (choice != null) {
                lasting(ServiceKind.NON_STATUTORY_MUNICIPAL, choice, profile.pilotCode(), true);
            }
        }
        // Last, so that half-years before the trials draw exactly the numbers they always did.
        if (!last.isBefore(INTENSIFIED_COACHING_FROM)) {
            int n = count(INTENSIFIED_COACHING);
            for (int i = 0; i < n; i++) {
                Choice choice = choose(ServiceKind.INTENSIFIED_COACHING);
                if (choice != null) {
                    lasting(ServiceKind.INTENSIFIED_COACHING, choice, code(ServiceKind.INTENSIFIED_COACHING, choice),
                            false);
                }
            }
        }
    }

    /** A client and a decision day on which the service suits the client. */
    private Choice choose(ServiceKind kind) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int day = calendar.pick(random, 0, calendar.last());
            Client client = anyClient();
            if (day >= client.from && day <= client.until
                    && random.nextDouble() < suitability(kind, client, calendar.day(day))) {
                return new Choice(client, day);
            }
        }
        return null;
    }

    private Client anyClient() {
        int i = random.nextInt(newClients.size() + earlierClients.size());
        return i < newClients.size() ? newClients.get(i) : earlierClients.get(i - newClients.size());
    }

    private static double suitability(ServiceKind kind, Client client, LocalDate date) {
        int age = Periods.ageOn(client.birth, date);
        LocalDate spellStart = client.snapshot.unemploymentStart();
        int spell = spellStart == null ? -1 : Periods.completeMonths(spellStart, date);
        double base = client.snapshot.jobseekerStatus().equals("06") ? 0.05 : 1.0;
        switch (kind) {
            case SELF_MOTIVATED_STUDY:
                return age >= 25 && spell >= 0 ? base : 0;
            case EMPLOYMENT_SUBSIDY_55:
                return age >= 55 && spell >= 24 ? base : 0;
            case START_UP_GRANT:
                return age >= 22 && age <= 62 ? base : 0;
            case REHABILITATIVE_WORK:
                return spell >= 12 ? base : spell >= 3 && age < 25 ? base / 2 : 0;
            case WORK_TRIAL:
                return age < 30 ? base : base * 0.45;
            case LABOUR_MARKET_TRAINING:
                return age >= 20 && age <= 60 ? base : base * 0.25;
            case PAY_SUBSIDY_70:
                return spell >= 12 ? base : base * 0.4;
            case PAY_SUBSIDY_50:
            case PAY_SUBSIDY_100:
                return spell >= 0 ? base : base * 0.15;
            case CAREER_GUIDANCE:
                return age < 35 ? base : base * 0.4;
            case INTENSIFIED_COACHING:
                // Offered to the trials' target groups, the young and the older long-term unemployed.
                return !date.isBefore(INTENSIFIED_COACHING_FROM)
                        && (age >= 18 && age <= 29 && spell >= 3 || age >= 55 && spell >= 12) ? base : 0;
            default:
                return base;
        }
    }

    /** The local code for a kind of service, chosen among the area's codes of that kind. */
    private String code(ServiceKind kind, Choice choice) {
        List<String> codes = profile.codes(kind);
        if (codes.size() == 1) {
            return codes.get(0);
        }
        if (kind == ServiceKind.COACHING) {
            return random.nextDouble() < 0.65 ? codes.get(0) : codes.get(1);
        }
        if (kind == ServiceKind.NON_STATUTORY_MUNICIPAL) {
            LocalDate date = calendar.day(choice.day());
            int month = date.getMonthValue();
            for (String code : codes) {
                if (code.endsWith("KESATYO") && Periods.ageOn(choice.client().birth, date) < 30 && month >= 3
                        && month <= 8 && random.nextBoolean()) {
                    return code; // summer jobs for the young
                }
            }
            List<String> others = codes.stream().filter(c -> !c.endsWith("KESATYO")).toList();
            return others.get(random.nextInt(others.size()));
        }
        return codes.get(random.nextInt(codes.size()));
    }

    private String code(ServiceKind kind) {
        return profile.codes(kind).get(0);
    }

    /**
     * The life of a service with a duration, each event on a later working day than the one before: sometimes a
     * referral, the decision (planned start and end), then either a cancellation or a start, and an end if the
     * service ends within the half-year (sometimes early).
     */
    private void lasting(ServiceKind kind, Choice choice, String code, boolean pilot) {
        Client client = choice.client();
        int decided = choice.day();
        LocalDate decisionDate = calendar.day(decided);
        int episode = ++episodes;
        int seq = 0;
        if (random.nextDouble() < REFERRAL_SHARE) {
            int referred = decided - 2 - random.nextInt(14);
            if (referred >= client.from) {
                emit(client, episode, ++seq, EventType.REFERRAL, code, calendar.day(referred), officeTime(), null,
                        null, null, null);
            }
        }
        boolean summerJob = code.endsWith("KESATYO");
        int months = summerJob ? 1 + random.nextInt(3) : months(kind);
        LocalDate start = decisionDate.plusDays(leadDays(kind));
        while (!WorkCalendar.isWorkingDay(start)) {
            start = start.plusDays(1); // services start on working days
        }
        LocalDate end = start.plusMonths(months).minusDays(1);
        BigDecimal cost = pilot ? euros(500, 3_000) : cost(kind, months);
        Funding funding = cost == null ? null : pilot ? Funding.MUNICIPALITY : funding(kind);
        emit(client, episode, ++seq, EventType.DECISION, code, decisionDate, officeTime(), start, end, cost, funding);

        int startDay = calendar.firstOnOrAfter(start);
        if (random.nextDouble() < CANCELLATION_SHARE) {
            int latest = Math.min(startDay, calendar.last());
            if (latest > decided) {
                int cancelled = decided + 1 + random.nextInt(latest - decided);
                emit(client, episode, ++seq, EventType.CANCELLATION, code, calendar.day(cancelled), officeTime(),
                        start, end, null, null);
            }
            return;
        }
        if (random.nextDouble() < 0.3) {
            startDay += 1 + random.nextInt(3); // recorded a few days late
        }
        if (startDay > calendar.last()) {
            return;
        }
        emit(client, episode, ++seq, EventType.START, code, calendar.day(startDay), batchTime(), start, end, null,
                null);
        LocalDate ended = end;
        if (random.nextDouble() < INTERRUPTION_SHARE) {
            ended = start.plusDays(random.nextLong(ChronoUnit.DAYS.between(start, end) + 1));
        }
        if (ended.isAfter(last)) {
            return;
        }
        int endDay = Math.max(calendar.firstOnOrAfter(ended) + (random.nextDouble() < 0.3 ? 1 + random.nextInt(3) : 0),
                startDay + 1);
        if (endDay > calendar.last()) {
            return;
        }
        emit(client, episode, ++seq, EventType.END, code, calendar.day(endDay), batchTime(), start, ended, null, null);
    }

    /** Planned duration in months (DESIGN.md: work trial up to 6, start-up grant 6-month periods, ...). */
    private int months(ServiceKind kind) {
        return switch (kind) {
            case LABOUR_MARKET_TRAINING -> pick(new Integer[] {2, 3, 4, 5, 6, 7, 8, 9, 10},
                    new int[] {8, 15, 18, 15, 14, 9, 9, 6, 6});
            case PAY_SUBSIDY_50 -> pick(new Integer[] {3, 4, 5, 6, 8, 10, 12}, new int[] {5, 5, 5, 40, 10, 10, 25});
            case PAY_SUBSIDY_70 -> pick(new Integer[] {6, 9, 12, 18, 24}, new int[] {25, 10, 45, 10, 10});
            case PAY_SUBSIDY_100 -> pick(new Integer[] {6, 8, 10, 12}, new int[] {30, 20, 20, 30});
            case EMPLOYMENT_SUBSIDY_55 -> pick(new Integer[] {6, 10, 12}, new int[] {40, 30, 30});
            case WORK_TRIAL -> pick(new Integer[] {1, 2, 3, 4, 5, 6}, new int[] {10, 25, 35, 10, 5, 15});
            case COACHING -> pick(new Integer[] {1, 2, 3, 4, 6}, new int[] {20, 30, 25, 15, 10});
            case INTENSIFIED_COACHING -> 6;
            case START_UP_GRANT -> 6;
            case SELF_MOTIVATED_STUDY -> pick(new Integer[] {3, 6, 9, 10, 12, 18, 24},
                    new int[] {5, 15, 20, 20, 20, 10, 10});
            case REHABILITATIVE_WORK -> pick(new Integer[] {3, 6, 9, 12, 18, 24}, new int[] {15, 35, 10, 30, 5, 5});
            case NON_STATUTORY_MUNICIPAL -> pick(new Integer[] {1, 2, 3, 6, 12}, new int[] {15, 20, 25, 25, 15});
            default -> throw new IllegalArgumentException(kind + " has no duration");
        };
    }

    /** Days from the decision to the planned start (at least one). */
    private int leadDays(ServiceKind kind) {
        return switch (kind) {
            case LABOUR_MARKET_TRAINING -> 7 + random.nextInt(39);
            case PAY_SUBSIDY_50, PAY_SUBSIDY_70, PAY_SUBSIDY_100 -> 5 + random.nextInt(26);
            case EMPLOYMENT_SUBSIDY_55 -> 7 + random.nextInt(24);
            case WORK_TRIAL -> 3 + random.nextInt(12);
            case COACHING, INTENSIFIED_COACHING -> 3 + random.nextInt(19);
            case START_UP_GRANT, NON_STATUTORY_MUNICIPAL -> 1 + random.nextInt(21);
            case SELF_MOTIVATED_STUDY -> 7 + random.nextInt(54);
            case REHABILITATIVE_WORK -> 7 + random.nextInt(22);
            default -> 1;
        };
    }

    /** The cost in euros of a decided service, or null for a service without a purchase or subsidy cost. */
    private BigDecimal cost(ServiceKind kind, int months) {
        return switch (kind) {
            case LABOUR_MARKET_TRAINING -> {
                int typical = Math.max(3_000, Math.min(9_000, months * 800));
                yield euros(Math.max(3_000, typical - 600), Math.min(9_000, typical + 600));
            }
            case PAY_SUBSIDY_50 -> euros(1_000, 1_800).multiply(BigDecimal.valueOf(months));
            case PAY_SUBSIDY_70 -> euros(1_400, 2_300).multiply(BigDecimal.valueOf(months));
            case PAY_SUBSIDY_100 -> euros(1_800, 2_500).multiply(BigDecimal.valueOf(months));
            case EMPLOYMENT_SUBSIDY_55 -> euros(1_300, 2_200).multiply(BigDecimal.valueOf(months));
            case COACHING -> euros(600, 2_000);
            case INTENSIFIED_COACHING -> euros(2_400, 3_600);
            case START_UP_GRANT -> euros(780, 830).multiply(BigDecimal.valueOf(months));
            case REHABILITATIVE_WORK -> euros(250, 550).multiply(BigDecimal.valueOf(months));
            case NON_STATUTORY_MUNICIPAL -> euros(200, 4_000);
            default -> null; // work trial, self-motivated study: no purchase cost
        };
    }

    private Funding funding(ServiceKind kind) {
        Funding[] all = {Funding.STATE, Funding.MUNICIPALITY, Funding.EU};
        return switch (kind) {
            case LABOUR_MARKET_TRAINING -> pick(all, new int[] {75, 0, 25});
            case PAY_SUBSIDY_50, PAY_SUBSIDY_70, PAY_SUBSIDY_100 -> pick(all, new int[] {85, 10, 5});
            case COACHING -> pick(all, new int[] {60, 15, 25});
            case REHABILITATIVE_WORK -> pick(all, new int[] {10, 90, 0});
            case NON_STATUTORY_MUNICIPAL -> pick(all, new int[] {0, 75, 25});
            default -> Funding.STATE;
        };
    }

    /** Euros with cents, from {@code lo} to {@code hi}. */
    private BigDecimal euros(int lo, int hi) {
        return BigDecimal.valueOf(lo * 100L + random.nextLong((hi - lo) * 100L + 1), 2);
    }

    private void emit(Client client, int episode, int seq, EventType type, String code, LocalDate date,
            LocalTime time, LocalDate start, LocalDate end, BigDecimal cost, Funding funding) {
        Instant instant = ZonedDateTime.of(date, time, Periods.HELSINKI).toInstant();
        String id = prefix + "-" + pad(episode) + "-" + seq;
        ServiceDecision decision = new ServiceDecision(id, profile.area(), client.identityCode, type, code,
                Periods.helsinkiDate(instant), start, end, cost, funding, instant, client.snapshot);
        events.add(new Event(instant, id, decision));
    }

    private static String pad(int number) {
        String digits = Integer.toString(number);
        return digits.length() >= 6 ? digits : "000000".substring(digits.length()) + digits;
    }

    /** Office hours, 08:00:00–15:59:59. */
    private LocalTime officeTime() {
        return LocalTime.ofSecondOfDay(8 * 3600 + random.nextInt(8 * 3600));
    }

    /** Starts and ends come from the providers' systems; a few arrive by the nightly batch at 23:30. */
    private LocalTime batchTime() {
        return random.nextDouble() < LATE_BATCH_SHARE ? LocalTime.of(23, 30, random.nextInt(60)) : officeTime();
    }

    // ---------------------------------------------------------------------------------------------- lines

    /** The decision's JSON line, its decision time written with the Helsinki offset. */
    private static String json(ServiceDecision decision) {
        String json = TutkaJson.write(decision);
        String utc = "\"decision_time\":\"" + decision.decisionTime() + "\"";
        String local = "\"decision_time\":\"" + withOffset(decision.decisionTime()) + "\"";
        return json.replace(utc, local);
    }

    /** RFC 3339 with the Helsinki offset and whole seconds, {@code 2026-03-02T09:15:00+02:00}. */
    static String withOffset(Instant instant) {
        ZonedDateTime t = instant.atZone(Periods.HELSINKI);
        char[] c = new char[19];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        return new String(c) + t.getOffset().getId();
    }

    private void badLines(List<Line> lines) {
        int total = Math.max(SampleGenerator.BAD_KINDS.size(), (int) Math.round(lines.size() * BAD_SHARE));
        for (int k = 0; k < SampleGenerator.BAD_KINDS.size(); k++) {
            String kind = SampleGenerator.BAD_KINDS.get(k);
            int n = Math.max(1, (int) Math.round(total * BAD_WEIGHTS[k]));
            for (int j = 0; j < n; j++) {
                Event source = events.get(random.nextInt(events.size()));
                String id = prefix + "-" + pad(++episodes) + "-1";
                lines.add(new Line(source.time(), id, bad(kind, j, id, source), kind));
            }
        }
    }

    /** A copy of a valid decision under a new id, broken in one way. */
    private String bad(String kind, int j, String id, Event source) {
        ServiceDecision decision = source.decision();
        JsonObject object;
        try (JsonReader reader = JSON.createReader(new StringReader(json(decision)))) {
            object = reader.readObject();
        }
        JsonObjectBuilder builder = JSON.createObjectBuilder(object).add("decision_id", id);
        String code = decision.clientId();
        switch (kind) {
            case "bad_check_character" -> {
                int right = CHECK_CHARACTERS.indexOf(code.charAt(10));
                char wrong = CHECK_CHARACTERS.charAt((right + 1 + random.nextInt(30)) % 31);
                builder.add("client_id", code.substring(0, 10) + wrong);
            }
            case "impossible_date" -> {
                if (j % 2 == 0) {
                    String[] days = half == 1 ? new String[] {"02-30", "02-31", "04-31", "06-31"}
                            : new String[] {"09-31", "11-31"};
                    builder.add("decision_date", first.getYear() + "-" + days[random.nextInt(days.length)]);
                } else {
                    // Day 31 of a 30-day month, with the check character computed from the digits.
                    String month = new String[] {"04", "06", "09", "11"}[random.nextInt(4)];
                    int individual = 900 + random.nextInt(100);
                    int digits = Integer.parseInt("31" + month + code.substring(4, 6));
                    char check = CHECK_CHARACTERS.charAt((digits * 1000 + individual) % 31);
                    builder.add("client_id", "31" + month + code.substring(4, 7) + individual + check);
                }
            }
            case "missing_field" -> builder.remove(MISSING_FIELDS[j % MISSING_FIELDS.length]);
            case "no_offset" -> builder.add("decision_time",
                    WITHOUT_OFFSET.format(source.time().atZone(Periods.HELSINKI)));
            case "malformed_json" -> {
                String text = write(builder.build());
                int cut = (int) (text.length() * (0.2 + 0.7 * random.nextDouble()));
                return text.substring(0, cut);
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return write(builder.build());
    }

    private static String write(JsonObject object) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JSON.createWriter(out)) {
            writer.write(object);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------- random

    private <T> T pick(T[] values, int[] weights) {
        return values[pickIndex(weights)];
    }

    private int pickIndex(int[] weights) {
        int sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int u = random.nextInt(sum);
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
