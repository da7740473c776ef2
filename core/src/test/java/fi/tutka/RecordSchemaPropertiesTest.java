package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.EventType;
import fi.tutka.api.Funding;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.IdentityCode;
import fi.tutka.internal.Periods;
import fi.tutka.providers.StaticKeyProvider;
import fi.tutka.spi.TutkaRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every record the engine writes for a decision it accepts validates against its schema, for decisions at the edges
 * of what is accepted: the register's first and last Helsinki days, any offset, fractions of a second, a client born
 * on the decision's day or in the 1800s, the first and last dates of each date field, codes of every allowed
 * character and of their longest length.
 */
class RecordSchemaPropertiesTest {
    /** The engine's clock: late enough that the register's last day is not in its future. */
    static final Instant NOW = Instant.parse("2099-12-31T12:00:00Z");
    static final Instant FIRST_TIME = Instant.parse("1999-12-31T22:00:00Z"); // 2000-01-01 00:00 in Helsinki
    static final Instant LAST_TIME = Instant.parse("2099-12-31T21:59:59.999999999Z"); // 2099-12-31 23:59:59.999...
    static final String FIRST_CHARS = "ABCXYZabcxyzÅÄÖåäö0189";
    static final String CODE_CHARS = FIRST_CHARS + "._-";

    private static final List<TutkaRecord> WRITTEN = new CopyOnWriteArrayList<>();
    private static Tutka tutka;
    private static JsonSchema serviceEvents;

    @BeforeContainer
    static void start() {
        tutka = Tutka.builder().discovery(false).ruleSource(TutkaTest.rules("test.drl", TutkaTest.RULES))
                .keyProvider(StaticKeyProvider.of(TutkaTest.KEY)).recordSink(WRITTEN::addAll)
                .identityVault(new MemoryVault()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        serviceEvents = SchemaTest.schema("service-event.schema.json");
    }

    @AfterContainer
    static void stop() {
        tutka.close();
    }

    /** One accepted decision as a client system sends it: its JSON, with the decision time as given. */
    record Sent(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

    @Property(tries = 1000)
    void everyRecordOfAnAcceptedDecisionValidatesAgainstItsSchema(@ForAll("decisions") Sent sent) throws Exception {
        ServiceDecision decision = TutkaJson.readDecision(sent.json());
        WRITTEN.clear();

        tutka.evaluate(decision);

        assertThat(WRITTEN).isNotEmpty();
        assertValid(WRITTEN);
    }

    /** Beyond the edges too (other years, a client not yet born, free text in codes): rejected, or valid records. */
    @Property(tries = 1000)
    void whateverIsAcceptedWritesOnlyValidRecords(@ForAll("anything") Sent sent) throws Exception {
        WRITTEN.clear();
        try {
            tutka.evaluate(TutkaJson.readDecision(sent.json()));
        } catch (TutkaException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DECISION);
            return;
        }
        assertValid(WRITTEN);
    }

    private static void assertValid(List<TutkaRecord> records) throws Exception {
        for (TutkaRecord record : records) {
            String json = TutkaJson.write(record);
            assertThat(SchemaTest.validate(serviceEvents, json)).as(json).isEmpty();
        }
    }

    @Provide
    Arbitrary<Sent> decisions() {
        Arbitrary<Instant> times = instants(FIRST_TIME, LAST_TIME);
        return decisions(times, RecordSchemaPropertiesTest::codes, dates(LocalDate.of(2000, 1, 1),
                LocalDate.of(2099, 12, 31)), dates(LocalDate.of(1900, 1, 1), LocalDate.of(2099, 12, 31)), true);
    }

    @Provide
    Arbitrary<Sent> anything() {
        Arbitrary<Instant> times = Arbitraries.frequencyOf(
                Tuple.of(1, instants(Instant.parse("-0001-01-01T00:00:00Z"), Instant.parse("+12026-12-31T00:00:00Z"))),
                Tuple.of(1, instants(Instant.parse("1969-12-31T00:00:00Z"), Instant.parse("2000-01-02T00:00:00Z"))),
                Tuple.of(1, instants(FIRST_TIME, LAST_TIME)),
                Tuple.of(1, instants(Instant.parse("2099-12-30T00:00:00Z"), Instant.parse("2100-01-02T00:00:00Z"))));
        Arbitrary<LocalDate> dates = dates(LocalDate.of(0, 1, 1), LocalDate.of(9999, 12, 31));
        return decisions(times, max -> Arbitraries.oneOf(codes(max), Arbitraries.strings()
                .withChars(CODE_CHARS + " ,/\"'=+@€é\n").ofMinLength(0).ofMaxLength(100)), dates, dates, false);
    }

    private static Arbitrary<Instant> instants(Instant first, Instant last) {
        return Arbitraries.longs().between(first.getEpochSecond(), last.getEpochSecond())
                .flatMap(seconds -> Arbitraries.of(0, 1, 500_000_000, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)))
                .filter(instant -> !instant.isAfter(last));
    }

    /**
     * @param bornBeforeDecision whether the client is born on or before the decision's Helsinki date (from 1800 on);
     *                           otherwise anywhere from 1800 to 2099
     */
    private static Arbitrary<Sent> decisions(Arbitrary<Instant> times, IntFunction<Arbitrary<String>> codes,
            Arbitrary<LocalDate> serviceDates, Arbitrary<LocalDate> clientDates, boolean bornBeforeDecision) {
        // RFC 3339 offsets from -18:00 to +18:00, by the minute, and Z
        Arbitrary<ZoneOffset> offsets = Arbitraries.integers().between(-18 * 60, 18 * 60)
                .map(minutes -> ZoneOffset.ofTotalSeconds(minutes * 60));
        Arbitrary<ClientSnapshot> clients = Builders.withBuilder(() -> new Object[7])
                .use(Arbitraries.integers().between(0, 999).map(i -> String.format("%03d", i)))
                .in((a, v) -> set(a, 0, v))
                .use(Arbitraries.integers().between(0, 8).map(i -> "0" + i)).in((a, v) -> set(a, 1, v))
                .use(clientDates.injectNull(0.2)).in((a, v) -> set(a, 2, v))
                .use(codes.apply(8).injectNull(0.2)).in((a, v) -> set(a, 3, v))
                .use(codes.apply(16).injectNull(0.2)).in((a, v) -> set(a, 4, v))
                .use(codes.apply(32).injectNull(0.2)).in((a, v) -> set(a, 5, v))
                .use(clientDates.injectNull(0.2)).in((a, v) -> set(a, 6, v))
                .build(a -> new ClientSnapshot((String) a[0], (String) a[1], (LocalDate) a[2], (String) a[3],
                        (String) a[4], (String) a[5], (LocalDate) a[6]));
        Arbitrary<String> ids = Arbitraries.strings().withChars("AZaz09._:-").ofMinLength(1).ofMaxLength(64);
        return Builders.withBuilder(() -> new Object[14])
                .use(ids).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.of("179", "837")).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.of(EventType.class)).in((a, v) -> set(a, 2, v))
                .use(codes.apply(32)).in((a, v) -> set(a, 3, v))
                .use(serviceDates).in((a, v) -> set(a, 4, v))
                .use(serviceDates.injectNull(0.3)).in((a, v) -> set(a, 5, v))
                .use(Arbitraries.integers().between(0, 40_000).injectNull(0.3)).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("9999999.99")).ofScale(2)
                        .injectNull(0.3)).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.of(Funding.class).injectNull(0.3)).in((a, v) -> set(a, 8, v))
                .use(times).in((a, v) -> set(a, 9, v))
                .use(offsets.injectNull(0.2)).in((a, v) -> set(a, 10, v))
                .use(clients).in((a, v) -> set(a, 11, v))
                // the client's birth: from 1 January 1800 to the decision's Helsinki date, days back from it
                .use(Arbitraries.longs().between(0, 110_000).withDistribution(RandomDistribution.biased()))
                .in((a, v) -> set(a, 12, v))
                .use(Arbitraries.integers().between(900, 999)).in((a, v) -> set(a, 13, v))
                .build(a -> sent(a, bornBeforeDecision));
    }

    private static Sent sent(Object[] a, boolean bornBeforeDecision) {
        Instant time = (Instant) a[9];
        LocalDate decisionDay = bornBeforeDecision ? Periods.helsinkiDate(time) : LocalDate.of(2099, 12, 31);
        LocalDate birth = decisionDay.minusDays(Math.min((Long) a[12],
                ChronoUnit.DAYS.between(LocalDate.of(1800, 1, 1), decisionDay)));
        LocalDate start = (LocalDate) a[5];
        LocalDate end = start == null || a[6] == null ? null : start.plusDays((Integer) a[6]);
        if (bornBeforeDecision && end != null && end.isAfter(LocalDate.of(2099, 12, 31))) {
            end = LocalDate.of(2099, 12, 31);
        }
        ServiceDecision decision = new ServiceDecision((String) a[0], (String) a[1],
                identityCode(birth, (Integer) a[13]), (EventType) a[2], (String) a[3], (LocalDate) a[4], start, end,
                (BigDecimal) a[7], (Funding) a[8], time, (ClientSnapshot) a[11]);
        ZoneOffset offset = (ZoneOffset) a[10];
        String given = offset == null ? time.toString() : OffsetDateTime.ofInstant(time, offset)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return new Sent(TutkaJson.write(decision).replace("\"decision_time\":\"" + time + "\"",
                "\"decision_time\":\"" + given + "\""));
    }

    private static String identityCode(LocalDate birth, int individual) {
        char sign = birth.getYear() < 1900 ? '+' : birth.getYear() < 2000 ? '-' : 'A';
        return String.format("%02d%02d%02d%c%03d%c", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, sign, individual, IdentityCode.checkCharacter(birth, individual));
    }

    private static Arbitrary<LocalDate> dates(LocalDate first, LocalDate last) {
        return Arbitraries.longs().between(first.toEpochDay(), last.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    /** Codes of the allowed characters, from 1 character to {@code max}, the longest often. */
    private static Arbitrary<String> codes(int max) {
        return Combinators.combine(Arbitraries.strings().withChars(FIRST_CHARS).ofLength(1),
                Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.strings().withChars(CODE_CHARS).ofLength(max - 1)),
                        Tuple.of(3, Arbitraries.strings().withChars(CODE_CHARS).ofMaxLength(max - 1))))
                .as(String::concat);
    }

    /** A copy with one slot set, so that jqwik may rebuild values while shrinking. */
    private static Object[] set(Object[] array, int index, Object value) {
        Object[] copy = array.clone();
        copy[index] = value;
        return copy;
    }
}
