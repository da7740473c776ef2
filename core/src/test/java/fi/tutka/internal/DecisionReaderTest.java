package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.EventType;
import fi.tutka.api.FieldError;
import fi.tutka.api.Funding;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import jakarta.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TutkaJson#readDecision}: every offending field named, exactly, and never the identity code. */
class DecisionReaderTest {
    private static final String HETU = "100190-999P";

    private static final String VALID = """
            {"decision_id":"D-1","area":"179","client_id":"100190-999P","event_type":"decision",\
            "service_code":"PT50","decision_date":"2026-03-02","start_date":"2026-03-09","end_date":"2026-09-08",\
            "cost":9000.00,"funding":"state","decision_time":"2026-03-02T09:15:00+02:00",\
            "client":{"municipality":"179","jobseeker_status":"02","unemployment_start":"2025-01-10",\
            "education_level":"4","language_group":"fi","benefit_type":"earnings_related",\
            "graduation_date":"2025-06-01"}}""";

    private static final ServiceDecision EXPECTED = new ServiceDecision("D-1", "179", HETU, EventType.DECISION,
            "PT50", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 9, 8),
            new BigDecimal("9000.00"), Funding.STATE, Instant.parse("2026-03-02T07:15:00Z"),
            new ClientSnapshot("179", "02", LocalDate.of(2025, 1, 10), "4", "fi", "earnings_related",
                    LocalDate.of(2025, 6, 1)));

    // ---- valid input ---------------------------------------------------------------------------------------------

    @Test
    void aValidDecisionParsesToExactlyTheseValues() {
        ServiceDecision decision = TutkaJson.readDecision(VALID);

        assertThat(decision).isEqualTo(EXPECTED);
        assertThat(decision.cost()).isEqualByComparingTo("9000").hasScaleOf(2);
        assertThat(decision.decisionTime()).isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
    }

    @Test
    void onlyTheRequiredFields() {
        String json = """
                {"decision_id":"D-2","area":"179","client_id":"010203A987V","event_type":"start",\
                "service_code":"X","decision_date":"2026-03-02","decision_time":"2026-03-02T22:30:00Z",\
                "client":{"municipality":"091","jobseeker_status":"00"}}""";

        assertThat(TutkaJson.readDecision(json)).isEqualTo(new ServiceDecision("D-2", "179", "010203A987V",
                EventType.START, "X", LocalDate.of(2026, 3, 2), null, null, null, null,
                Instant.parse("2026-03-02T22:30:00Z"), new ClientSnapshot("091", "00", null, null, null, null, null)));
    }

    @Test
    void explicitNullsOfOptionalFieldsReadAsAbsent() {
        String json = VALID.replace("\"cost\":9000.00", "\"cost\":null")
                .replace("\"graduation_date\":\"2025-06-01\"", "\"graduation_date\":null");

        ServiceDecision decision = TutkaJson.readDecision(json);

        assertThat(decision.cost()).isNull();
        assertThat(decision.client().graduationDate()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"010203a987v", "100190y999p", "010203A987v", "290200a950y"})
    void lowerCaseIdentityCodesAreAcceptedAsGiven(String hetu) {
        ServiceDecision decision = TutkaJson.readDecision(VALID.replace(HETU, hetu));

        assertThat(decision.clientId()).isEqualTo(hetu);
    }

    @Test
    void theDecisionTimeMayUseZOrAnyOffset() {
        assertThat(TutkaJson.readDecision(VALID.replace("2026-03-02T09:15:00+02:00", "2026-03-02T07:15:00Z"))
                .decisionTime()).isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
        assertThat(TutkaJson.readDecision(VALID.replace("2026-03-02T09:15:00+02:00", "2026-03-01T21:15:00-10:00"))
                .decisionTime()).isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
        assertThat(TutkaJson.readDecision(VALID.replace("2026-03-02T09:15:00+02:00",
                "2026-03-02T09:15:00.123+02:00")).decisionTime()).isEqualTo(Instant.parse("2026-03-02T07:15:00.123Z"));
    }

    // ---- many faults at once -------------------------------------------------------------------------------------

    @Test
    void everyOffendingFieldIsNamedWithItsPointerAndMessage() {
        String json = """
                {"area":"17","client_id":"100190-999Q","event_type":"approval","service_code":50,\
                "decision_date":"2026-02-30","start_date":"2026-09-08","end_date":"2026-03-09","cost":-1,\
                "funding":true,"decision_time":"2026-03-02T09:15:00","hetu":"x",\
                "client":{"jobseeker_status":"09","unemployment_start":"2025-13-01","name":"Matti"}}""";

        TutkaException e = reject(json);

        assertThat(e.fieldErrors()).containsExactlyInAnyOrder(
                new FieldError("/hetu", "is not a known field"),
                new FieldError("/client/name", "is not a known field"),
                new FieldError("/client/unemployment_start", "must be a real date as YYYY-MM-DD"),
                new FieldError("/client/municipality", "is required"),
                new FieldError("/client/jobseeker_status", "must be a jobseeker status code from \"00\" to \"08\""),
                new FieldError("/decision_id", "is required"),
                new FieldError("/area", "must be the area's 3-digit host municipality code, such as \"179\""),
                new FieldError("/client_id",
                        "not a valid personal identity code: identity code's check character does not match"),
                new FieldError("/event_type", "must be one of referral, decision, start, end, cancellation"),
                new FieldError("/service_code", "must be a string"),
                new FieldError("/decision_date", "must be a real date as YYYY-MM-DD"),
                new FieldError("/end_date", "is before start_date"),
                new FieldError("/cost", "must be euros from 0 to 9999999.99"),
                new FieldError("/funding", "must be a string"),
                new FieldError("/decision_time",
                        "has no offset: give the time zone, such as 2026-03-02T09:15:00+02:00 or ...Z"));
        assertThat(e.getMessage()).startsWith("INVALID_DECISION: decision rejected: ")
                .contains("/client/name: is not a known field")
                .contains("/decision_time: has no offset")
                .doesNotContain("100190-999Q")
                .doesNotContain("Matti");
    }

    @Test
    void wrongTypesAreNamed() {
        String json = VALID.replace("\"decision_id\":\"D-1\"", "\"decision_id\":1")
                .replace("\"cost\":9000.00", "\"cost\":\"9000\"")
                .replace("\"decision_date\":\"2026-03-02\"", "\"decision_date\":20260302")
                .replace("\"client\":{", "\"client\":[{")
                .replace("\"2025-06-01\"}}", "\"2025-06-01\"}]}");

        assertThat(reject(json).fieldErrors()).containsExactlyInAnyOrder(
                new FieldError("/decision_id", "must be a string"),
                new FieldError("/cost", "must be a number"),
                new FieldError("/decision_date", "must be a string"),
                new FieldError("/client", "must be an object"));
    }

    @Test
    void anEmptyObjectNamesEveryRequiredField() {
        assertThat(reject("{}").fieldErrors()).containsExactlyInAnyOrder(
                new FieldError("/decision_id", "is required"),
                new FieldError("/area", "is required"),
                new FieldError("/client_id", "is required"),
                new FieldError("/event_type", "is required"),
                new FieldError("/service_code", "is required"),
                new FieldError("/decision_date", "is required"),
                new FieldError("/decision_time", "is required"),
                new FieldError("/client", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-02", "2026-03-02T09:15", "2026-03-02 09:15:00+02:00", "2026-03-02T09:15:00+0200x",
        "yesterday"})
    void aDecisionTimeThatIsNotRfc3339(String time) {
        TutkaException e = reject(VALID.replace("2026-03-02T09:15:00+02:00", time));

        assertThat(e.fieldErrors()).hasSize(1);
        assertThat(e.fieldErrors().get(0).pointer()).isEqualTo("/decision_time");
        assertThat(e.fieldErrors().get(0).message()).contains("offset");
    }

    @Test
    void aDecisionTimeWithoutOffsetSaysSo() {
        assertThat(reject(VALID.replace("2026-03-02T09:15:00+02:00", "2026-03-02T09:15:00")).fieldErrors())
                .containsExactly(new FieldError("/decision_time",
                        "has no offset: give the time zone, such as 2026-03-02T09:15:00+02:00 or ...Z"));
        assertThat(reject(VALID.replace("2026-03-02T09:15:00+02:00", "yesterday")).fieldErrors())
                .containsExactly(new FieldError("/decision_time", NOT_RFC3339));
    }

    // ---- decision time: strictly RFC 3339, in the register's years, not before the client was born ---------------

    private static final String NOT_RFC3339 = "must be an RFC 3339 date-time: YYYY-MM-DDThh:mm:ss, an optional "
            + "fraction of a second, then Z or the offset, such as 2026-03-02T09:15:00+02:00";
    private static final String OUTSIDE_YEARS = "must fall on a Helsinki date from 2000-01-01 to 2099-12-31";
    private static final String BEFORE_BIRTH = "is before the client's birth date (which client_id tells): check the "
            + "decision time and the identity code";

    @ParameterizedTest
    @ValueSource(strings = {"+12026-01-12T09:30:00Z", "-0001-01-01T00:00:00Z", "12026-01-12T09:30:00Z",
        "2026-01-12T09:30+02:00", "2026-01-12T09:30Z", "2026-01-12T09:30:00.+02:00", "2026-01-12T09:30:00.1234567890Z",
        "2026-01-12T09:30:00+02", "2026-01-12T09:30:00+0200", "2026-01-12T09:30:00+02:00:00", "2026-01-12T24:00:00Z",
        "2026-01-12T09:30:60Z", "2026-01-12T09:60:00Z", "2026-02-29T09:30:00Z", "2026-01-12T09:30:00+19:00",
        "2026-01-12 09:30:00Z", " 2026-01-12T09:30:00Z", "2026-01-12T09:30:00Z ", "2026-01-12T09:30:00ZZ",
        "2026-1-12T09:30:00Z", "２０２６-01-12T09:30:00Z", "2026-01-12T09:30:00,5Z", "2026-01-12T9:30:00Z"})
    void aDecisionTimeMustBeStrictlyRfc3339(String time) {
        assertThat(reject(withTime(time)).fieldErrors())
                .containsExactly(new FieldError("/decision_time", NOT_RFC3339));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-02t07:15:00z", "2026-03-02T07:15:00-00:00", "2026-03-02T07:15:00.000000000Z",
        "2026-03-02T21:15:00+14:00", "2026-03-01T19:15:00-12:00", "2026-03-02T07:45:00+00:30"})
    void everyRfc3339FormOfAnInstantIsAccepted(String time) {
        assertThat(TutkaJson.readDecision(withTime(time)).decisionTime())
                .isEqualTo(Instant.parse("2026-03-02T07:15:00Z"));
    }

    @Test
    void aFractionOfUpToNineDigitsIsKept() {
        assertThat(TutkaJson.readDecision(VALID.replace("2026-03-02T09:15:00+02:00", "2026-03-02T09:15:00.5+02:00"))
                .decisionTime()).isEqualTo(Instant.parse("2026-03-02T07:15:00.5Z"));
        assertThat(TutkaJson.readDecision(VALID.replace("2026-03-02T09:15:00+02:00",
                "2026-03-02T09:15:00.123456789+02:00")).decisionTime())
                .isEqualTo(Instant.parse("2026-03-02T07:15:00.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31T23:59:59Z", "1999-12-31T23:59:59+02:00", "1999-12-31T21:59:59Z",
        "0001-01-01T00:00:00Z", "2100-01-01T00:00:00+02:00", "2099-12-31T22:00:00Z", "9999-12-31T23:59:59Z"})
    void aDecisionTimeOutsideTheRegistersYearsIsRejected(String time) {
        assertThat(reject(withTime(time)).fieldErrors())
                .containsExactly(new FieldError("/decision_time", OUTSIDE_YEARS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2000-01-01T00:00:00+02:00", "1999-12-31T22:00:00Z", "2099-12-31T23:59:59+02:00",
        "2099-12-31T21:59:59.999999999Z"})
    void theFirstAndLastHelsinkiDaysOfTheRegisterAreAccepted(String time) {
        assertThat(TutkaJson.readDecision(withTime(time)).decisionTime())
                .isEqualTo(OffsetDateTime.parse(time).toInstant());
    }

    private static String withTime(String time) {
        return VALID.replace("2026-03-02T09:15:00+02:00", time);
    }

    @Test
    void aDecisionBeforeTheClientsBirthIsRejectedWithoutTellingTheBirthDate() {
        LocalDate birth = LocalDate.of(2010, 5, 15);
        String code = String.format("150510A950%c", IdentityCode.checkCharacter(birth, 950));
        String decision = VALID.replace(HETU, code);

        for (String time : new String[] {"2010-05-14T23:59:59+03:00", "2010-05-14T20:59:59Z", "2000-01-01T00:00:00Z"}) {
            TutkaException e = reject(decision.replace("2026-03-02T09:15:00+02:00", time));
            assertThat(e.fieldErrors()).containsExactly(new FieldError("/decision_time", BEFORE_BIRTH));
            assertNoIdentityCode(e, code);
            assertThat(e.getMessage()).doesNotContain("2010-05-15").doesNotContain("150510").doesNotContain("2010");
        }
        // the Helsinki date counts: on the birthday, the client is 0
        for (String time : new String[] {"2010-05-15T00:00:00+03:00", "2010-05-14T21:00:00Z"}) {
            assertThat(TutkaJson.readDecision(decision.replace("2026-03-02T09:15:00+02:00", time)).decisionTime())
                    .isEqualTo(Instant.parse("2010-05-14T21:00:00Z"));
        }
    }

    // ---- dates: four-digit years, in plausible ranges ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/decision_date", "/start_date", "/end_date"})
    void serviceDatesRunFrom2000To2099(String pointer) {
        String field = "\"" + pointer.substring(1) + "\":\"";
        String given = field + VALID.split(field, 2)[1].substring(0, 10);
        for (String bad : new String[] {"1999-12-31", "2100-01-01", "0000-01-01", "9999-12-31", "1026-03-02"}) {
            List<FieldError> errors = reject(VALID.replace(given, field + bad)).fieldErrors();
            assertThat(errors).as(bad).contains(new FieldError(pointer, "must be a date from 2000-01-01 to 2099-12-31"));
            assertThat(errors).as(bad).allMatch(error -> error.pointer().equals(pointer)
                    || error.pointer().equals("/end_date") && error.message().equals("is before start_date"));
        }
        for (String bad : new String[] {"+12026-03-02", "-0001-03-02", "20260-03-02", "026-03-02"}) {
            assertThat(reject(VALID.replace(given, field + bad)).fieldErrors())
                    .containsExactly(new FieldError(pointer, "must be a real date as YYYY-MM-DD"));
        }
    }

    @Test
    void theFirstAndLastServiceDatesAreAccepted() {
        ServiceDecision decision = TutkaJson.readDecision(VALID.replace("\"start_date\":\"2026-03-09\"",
                "\"start_date\":\"2000-01-01\"").replace("\"end_date\":\"2026-09-08\"",
                "\"end_date\":\"2099-12-31\""));

        assertThat(decision.startDate()).isEqualTo(LocalDate.of(2000, 1, 1));
        assertThat(decision.endDate()).isEqualTo(LocalDate.of(2099, 12, 31));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unemployment_start", "graduation_date"})
    void clientDatesRunFrom1900To2099(String name) {
        String given = "\"" + name + "\":\"" + VALID.split("\"" + name + "\":\"", 2)[1].substring(0, 10);
        for (String bad : new String[] {"1899-12-31", "2100-01-01", "0000-01-01"}) {
            assertThat(reject(VALID.replace(given, "\"" + name + "\":\"" + bad)).fieldErrors()).as(bad)
                    .containsExactly(new FieldError("/client/" + name, "must be a date from 1900-01-01 to 2099-12-31"));
        }
        for (String good : new String[] {"1900-01-01", "2099-12-31"}) {
            ServiceDecision decision = TutkaJson.readDecision(VALID.replace(given, "\"" + name + "\":\"" + good));
            assertThat(name.equals("graduation_date") ? decision.client().graduationDate()
                    : decision.client().unemploymentStart()).isEqualTo(LocalDate.parse(good));
        }
    }

    // ---- codes: short, structured, never free text ---------------------------------------------------------------

    private static final String FREE_TEXT = "Matti Meikäläinen, Kauppakatu 1 A 2, 40100 Jyväskylä, puh 040 1234567";

    private static String codeShape(int max) {
        return "must be a code of at most " + max + " characters: letters (A-Z, Å, Ä, Ö, in either case), digits, "
                + "'.', '_' and '-', beginning with a letter or digit";
    }

    /** The decision with one code field's value replaced; {@code name} is a pointer such as /client/benefit_type. */
    private static String withCode(String pointer, String value) {
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        String given = "\"" + name + "\":\"" + VALID.split("\"" + name + "\":\"", 2)[1].split("\"", 2)[0] + "\"";
        return VALID.replace(given, "\"" + name + "\":" + Json.createValue(value));
    }

    @ParameterizedTest
    @CsvSource({"/service_code, 32", "/client/education_level, 8", "/client/language_group, 16",
        "/client/benefit_type, 32"})
    void freeTextInACodeFieldIsRejectedWithoutRepeatingIt(String pointer, int max) {
        for (String text : new String[] {FREE_TEXT, "a".repeat(500_000), "x".repeat(max + 1), "", " ", "PT 50",
            "PT50 ", " PT50", "-PT50", "=HYPERLINK(\"x\")", "+358401234567", "@x", ".x", "_x", "PT/50", "PT,50",
            "PT\n50", "PT\"50", "Pt50\u0000", "\uD800", "ＰＴ５０", "straße", "café", "PT50€", "A\u0308"}) {
            TutkaException e = reject(withCode(pointer, text));
            assertThat(e.fieldErrors()).as(text.length() > 80 ? text.length() + " characters" : text)
                    .containsExactly(new FieldError(pointer, codeShape(max)));
            assertThat(e.getMessage()).doesNotContain("Matti").doesNotContain("Kauppakatu").doesNotContain("aaaaaaaa");
        }
    }

    @ParameterizedTest
    @CsvSource({"/service_code, 32", "/client/education_level, 8", "/client/language_group, 16",
        "/client/benefit_type, 32"})
    void aCodeOfTheShapeIsAcceptedUpToItsLength(String pointer, int max) {
        String longest = "Ö" + "a1._-ÅäZ9".repeat(4).substring(0, max - 1);
        for (String code : new String[] {"1", "x", "Ä", longest, "9-.", "pt50"}) {
            ServiceDecision decision = TutkaJson.readDecision(withCode(pointer, code));
            assertThat(List.of(decision.serviceCode(), decision.client().educationLevel(),
                    decision.client().languageGroup(), decision.client().benefitType())).contains(code);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TYVO-KOUL", "VALM-TEHO", "JKL-KESATYO", "TRE-PT100", "TRE-TYOLLISYYSPALVELU",
        "TRE-VALM-TEHO", "JKL-UUSI-PILOTTI", "TRE-UUSI-PILOTTI", "XYZ-99", "pt50", "TYÖKOKEILU"})
    void everyRealServiceCodeHasTheShape(String code) {
        assertThat(TutkaJson.readDecision(withCode("/service_code", code)).serviceCode()).isEqualTo(code);
    }

    @Test
    void everyRealClientCodeHasTheShapeKnownOrNot() {
        for (String level : new String[] {"0", "1", "4", "9", "44"}) {
            assertThat(TutkaJson.readDecision(withCode("/client/education_level", level)).client()
                    .educationLevel()).isEqualTo(level);
        }
        for (String language : new String[] {"fi", "sv", "se", "other", "en", "fi-FI"}) {
            assertThat(TutkaJson.readDecision(withCode("/client/language_group", language)).client()
                    .languageGroup()).isEqualTo(language);
        }
        for (String benefit : new String[] {"earnings_related", "basic_allowance", "labour_market_subsidy", "none",
            "housing_allowance"}) {
            assertThat(TutkaJson.readDecision(withCode("/client/benefit_type", benefit)).client().benefitType())
                    .isEqualTo(benefit);
        }
    }

    @Test
    void anIdentityCodeInACodeFieldIsNamedForWhatItIsEvenWhenTheShapeIsWrongToo() {
        for (String value : new String[] {HETU, "hetu " + HETU, HETU + " Matti"}) {
            TutkaException e = reject(withCode("/client/benefit_type", value));
            assertThat(e.fieldErrors()).containsExactly(new FieldError("/client/benefit_type",
                    "holds what looks like a personal identity code; it belongs in client_id only"));
            assertNoIdentityCode(e, HETU);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"D 1", "D/1", "", "D-1\n", "Päätös-1",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void aDecisionIdIsAShortIdentifier(String id) {
        assertThat(reject(VALID.replace("\"decision_id\":\"D-1\"", "\"decision_id\":" + Json.createValue(id)))
                .fieldErrors()).containsExactly(new FieldError("/decision_id",
                        "must be 1-64 characters of letters, digits and . _ : -"));
    }

    @Test
    void javaCallersGetTheSameBoundsOnTimesAndDates() {
        ServiceDecision far = new ServiceDecision("D-1", "179", HETU, EventType.DECISION, "PT50",
                LocalDate.of(12026, 1, 12), LocalDate.of(-1, 1, 1), null, null, null, Instant.MAX,
                new ClientSnapshot("179", "02", LocalDate.MIN, null, null, null, LocalDate.MAX));
        List<FieldError> errors = new ArrayList<>();
        DecisionValidator.validate(far, errors);

        assertThat(errors).containsExactlyInAnyOrder(
                new FieldError("/decision_date", "must be a date from 2000-01-01 to 2099-12-31"),
                new FieldError("/start_date", "must be a date from 2000-01-01 to 2099-12-31"),
                new FieldError("/decision_time", OUTSIDE_YEARS),
                new FieldError("/client/unemployment_start", "must be a date from 1900-01-01 to 2099-12-31"),
                new FieldError("/client/graduation_date", "must be a date from 1900-01-01 to 2099-12-31"));

        errors.clear();
        DecisionValidator.validate(new ServiceDecision("D-1", "179", HETU, EventType.DECISION, "PT50",
                LocalDate.of(2026, 1, 12), null, null, null, null, Instant.MIN, far.client()), errors);
        assertThat(errors).contains(new FieldError("/decision_time", OUTSIDE_YEARS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30", "2025-02-29", "2026-04-31", "2026-13-01", "2026-3-2", "02.03.2026",
        "2026-03-02T00:00:00Z", ""})
    void datesThatAreNotRealIsoDates(String date) {
        assertThat(reject(VALID.replace("\"start_date\":\"2026-03-09\"", "\"start_date\":\"" + date + "\""))
                .fieldErrors()).containsExactly(new FieldError("/start_date", "must be a real date as YYYY-MM-DD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"17", "1790", "abc", "", " 179"})
    void badAreas(String area) {
        assertThat(reject(VALID.replace("\"area\":\"179\"", "\"area\":\"" + area + "\"")).fieldErrors())
                .containsExactly(new FieldError("/area",
                        "must be the area's 3-digit host municipality code, such as \"179\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"09", "2", "002", "10", "0A"})
    void badJobseekerStatuses(String status) {
        assertThat(reject(VALID.replace("\"jobseeker_status\":\"02\"", "\"jobseeker_status\":\"" + status + "\""))
                .fieldErrors()).containsExactly(new FieldError("/client/jobseeker_status",
                        "must be a jobseeker status code from \"00\" to \"08\""));
    }

    @Test
    void costBounds() {
        assertThat(TutkaJson.readDecision(VALID.replace("9000.00", "0")).cost()).isEqualByComparingTo("0");
        assertThat(TutkaJson.readDecision(VALID.replace("9000.00", "9999999.99")).cost())
                .isEqualByComparingTo("9999999.99");
        for (String bad : new String[] {"-0.01", "10000000", "1e8"}) {
            assertThat(reject(VALID.replace("9000.00", bad)).fieldErrors())
                    .containsExactly(new FieldError("/cost", "must be euros from 0 to 9999999.99"));
        }
    }

    @Test
    void endOnTheStartDateIsFineEndBeforeIsNot() {
        assertThat(TutkaJson.readDecision(VALID.replace("2026-09-08", "2026-03-09")).endDate())
                .isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(reject(VALID.replace("2026-09-08", "2026-03-08")).fieldErrors())
                .containsExactly(new FieldError("/end_date", "is before start_date"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100190-999Q", "310490-912V", "100190Z999P", "100190-999", "1OO19O-999P", "100190-999PP",
        "", "100190a999q"})
    void invalidIdentityCodesAreNamedButNotRepeated(String hetu) {
        TutkaException e = reject(VALID.replace(HETU, hetu));

        assertThat(e.fieldErrors()).hasSize(1);
        FieldError error = e.fieldErrors().get(0);
        assertThat(error.pointer()).isEqualTo("/client_id");
        assertThat(error.message()).startsWith("not a valid personal identity code: ");
        if (!hetu.isEmpty()) {
            assertThat(error.message()).doesNotContain(hetu).doesNotContain(hetu.toUpperCase());
            assertThat(e.getMessage()).doesNotContain(hetu).doesNotContain(hetu.toUpperCase());
        }
    }

    @Test
    void unknownFieldsAreNamedWithEscapedPointers() {
        String json = VALID.replace("{\"decision_id\"", "{\"a/b\":1,\"c~d\":2,\"decision_id\"");

        assertThat(reject(json).fieldErrors()).containsExactlyInAnyOrder(
                new FieldError("/a~1b", "is not a known field"),
                new FieldError("/c~0d", "is not a known field"));
    }

    // ---- not an object -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"area\":}", "{\"area\":\"179\",}", "not json", "{'area':'179'}",
        "{\"area\":\"179\"} trailing"})
    void malformedJson(String json) {
        assertThat(reject(json).fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" {\"x\":1}", "}", " trailing", "{}", " [1]", ","})
    void aValidDecisionFollowedByAnythingButWhitespaceIsNotValidJson(String tail) {
        // a second value after the decision must not slip through unread
        assertThat(reject(VALID + tail).fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
    }

    @Test
    void whitespaceAroundAValidDecisionIsFine() {
        assertThat(TutkaJson.readDecision(" \n\t" + VALID + "\r\n ")).isEqualTo(EXPECTED);
    }

    @Test
    void aNumberTooLargeForTheParserIsRejectedNotThrownThrough() {
        assertThat(reject(VALID.replace("9000.00", "1e999999999999")).fieldErrors())
                .containsExactly(new FieldError("", "not valid JSON"));
    }

    @Test
    void inputNestedTooDeepIsRejectedNotThrownThrough() {
        String deep = "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(reject(deep).fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
    }

    @Test
    void aModeratelyNestedUnknownFieldIsJustUnknown() {
        String json = VALID.replace("{\"decision_id\"", "{\"x\":" + "[".repeat(50) + "]".repeat(50)
                + ",\"decision_id\"");
        assertThat(reject(json).fieldErrors()).containsExactly(new FieldError("/x", "is not a known field"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + "{}" + "]", "42", "\"100190-999P\"", "null", "true"})
    void jsonThatIsNotAnObject(String json) {
        TutkaException e = reject(json);
        assertThat(e.fieldErrors()).containsExactly(new FieldError("", "must be a JSON object"));
        assertThat(e.getMessage()).doesNotContain(HETU);
    }

    @Test
    void emptyInputIsNotValidJson() {
        assertThat(reject("").fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
        assertThat(reject("   ").fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
    }

    // ---- the identity code never shows ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"client_id\":\"100190-999P\"",
        "{\"client_id\":\"100190-999P\",}",
        "{\"client_id\":100190-999P}",
        "{\"client_id\":\"100190-999P\" \"area\":\"179\"}",
        "{\"100190-999P\"}",
        "[\"100190-999P\",]",
        "{\"client_id\":\"100190-999P\\x\"}",
    })
    void malformedJsonAroundTheIdentityCodeDoesNotRepeatIt(String json) {
        TutkaException e = reject(json);

        assertThat(e.fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
        assertNoIdentityCode(e, HETU);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100190-999P", "hetu_100190-999P", "hetu 100190-999P", "100190-999P_copy",
        "hetu100190-999P", "100190-999Pcopy", "hetu:100190y999p", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx100190-999P",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx100190-999P", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx100190-999P",
        "100190-999P100190Y999P"})
    void anIdentityCodeInAnUnknownFieldsNameIsNotRepeated(String name) {
        TutkaException top = reject(VALID.replace("{\"decision_id\"", "{\"" + name + "\":true,\"decision_id\""));
        TutkaException nested = reject(VALID.replace("{\"municipality\"", "{\"" + name + "\":true,\"municipality\""));

        assertThat(top.fieldErrors()).hasSize(1);
        assertThat(top.fieldErrors().get(0).message()).isEqualTo("is not a known field");
        assertThat(top.fieldErrors().get(0).pointer()).startsWith("/");
        assertThat(nested.fieldErrors()).hasSize(1);
        assertThat(nested.fieldErrors().get(0).pointer()).startsWith("/client/");
        for (String code : new String[] {"100190-999P", "100190Y999P"}) {
            assertNoIdentityCode(top, code);
            assertNoIdentityCode(nested, code);
        }
        // not even the part of it a cut at 40 characters would leave
        assertThat(top.fieldErrors().get(0).pointer()).doesNotContain("100190");
        assertThat(nested.fieldErrors().get(0).pointer()).doesNotContain("100190");
    }

    @Test
    void aMaskedUnknownNameStillShowsTheRest() {
        TutkaException e = reject(VALID.replace("{\"decision_id\"", "{\"hetu100190-999P\":1,\"decision_id\""));
        assertThat(e.fieldErrors()).containsExactly(new FieldError("/hetu<identity code>", "is not a known field"));

        String longName = "y".repeat(45);
        e = reject(VALID.replace("{\"decision_id\"", "{\"" + longName + "\":1,\"decision_id\""));
        assertThat(e.fieldErrors()).containsExactly(new FieldError("/" + "y".repeat(40) + "...",
                "is not a known field"));
    }

    @Test
    void theIdentityCodeOfAnOtherwiseInvalidDecisionIsNotRepeated() {
        TutkaException e = reject(VALID.replace("\"area\":\"179\"", "\"area\":\"17\""));

        assertThat(e.fieldErrors()).containsExactly(new FieldError("/area",
                "must be the area's 3-digit host municipality code, such as \"179\""));
        assertNoIdentityCode(e, HETU);
    }

    // ---- round trip ----------------------------------------------------------------------------------------------

    @Test
    void writeThenReadGivesAnEqualDecision() {
        String json = TutkaJson.write(EXPECTED);

        assertThat(json).contains("\"client_id\":\"100190-999P\"").contains("\"event_type\":\"decision\"")
                .contains("\"decision_time\":\"2026-03-02T07:15:00Z\"").contains("\"cost\":9000.00");
        assertThat(TutkaJson.readDecision(json)).isEqualTo(EXPECTED);
    }

    @Test
    void aNameGivenTwiceIsRejectedNotResolvedSilently() {
        String json = TutkaJson.write(EXPECTED).replace("\"area\":\"179\"", "\"area\":\"179\",\"area\":\"17\"");

        assertThat(reject(json).fieldErrors()).containsExactly(new FieldError("", "not valid JSON"));
    }

    @Property(tries = 300)
    void writeThenReadGivesAnEqualDecisionForAnyValidDecision(@ForAll("decisions") ServiceDecision decision) {
        List<FieldError> errors = new ArrayList<>();
        assertThat(DecisionValidator.validate(decision, errors)).isNotNull();
        assertThat(errors).isEmpty();

        assertThat(TutkaJson.readDecision(TutkaJson.write(decision))).isEqualTo(decision);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static TutkaException reject(String json) {
        TutkaException e = catchThrowableOfType(TutkaException.class, () -> TutkaJson.readDecision(json));
        assertThat(e).as("rejected: %s", json).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DECISION);
        assertThat(e.fieldErrors()).isNotEmpty();
        return e;
    }

    private static void assertNoIdentityCode(TutkaException e, String code) {
        String lower = code.toLowerCase();
        assertThat(e.getMessage()).doesNotContain(code).doesNotContain(lower);
        assertThat(String.valueOf(e)).doesNotContain(code);
        for (FieldError error : e.fieldErrors()) {
            assertThat(error.pointer()).doesNotContain(code).doesNotContain(lower);
            assertThat(error.message()).doesNotContain(code).doesNotContain(lower);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(code).doesNotContain(lower);
        }
    }

    @Provide
    Arbitrary<ServiceDecision> decisions() {
        Arbitrary<LocalDate> dates = Arbitraries.longs()
                .between(LocalDate.of(2020, 1, 1).toEpochDay(), LocalDate.of(2030, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
        Arbitrary<String> hetus = Combinators.combine(
                Arbitraries.longs().between(LocalDate.of(1850, 1, 1).toEpochDay(),
                        LocalDate.of(2019, 12, 31).toEpochDay()).map(LocalDate::ofEpochDay),
                Arbitraries.integers().between(900, 999),
                Arbitraries.integers().between(0, 5),
                Arbitraries.of(true, false)).as((birth, individual, sign, lower) -> {
                    char c = birth.getYear() < 1900 ? '+'
                            : birth.getYear() < 2000 ? "-YXWVU".charAt(sign) : "ABCDEF".charAt(sign);
                    String code = String.format("%02d%02d%02d%c%03d%c", birth.getDayOfMonth(),
                            birth.getMonthValue(), birth.getYear() % 100, c, individual,
                            IdentityCode.checkCharacter(birth, individual));
                    return lower ? code.toLowerCase() : code;
                });
        Arbitrary<BigDecimal> costs = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("9999999.99"))
                .ofScale(2);
        Arbitrary<Instant> times = Arbitraries.longs()
                .between(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("2030-12-31T23:59:59Z").getEpochSecond())
                .flatMap(seconds -> Arbitraries.of(0, 123_000_000, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
        Arbitrary<String> codes3 = Arbitraries.integers().between(0, 999).map(i -> String.format("%03d", i));
        Arbitrary<ClientSnapshot> clients = Builders.withBuilder(() -> new Object[7])
                .use(codes3).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.integers().between(0, 8).map(i -> "0" + i)).in((a, v) -> set(a, 1, v))
                .use(dates.injectNull(0.3)).in((a, v) -> set(a, 2, v))
                .use(Arbitraries.of("1", "3", "4", "9").injectNull(0.3)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.of("fi", "sv", "se", "other").injectNull(0.3)).in((a, v) -> set(a, 4, v))
                .use(Arbitraries.of("earnings_related", "none", "tyomarkkinatuki", "Työmarkkinatuki").injectNull(0.3))
                .in((a, v) -> set(a, 5, v))
                .use(dates.injectNull(0.3)).in((a, v) -> set(a, 6, v))
                .build(a -> new ClientSnapshot((String) a[0], (String) a[1], (LocalDate) a[2], (String) a[3],
                        (String) a[4], (String) a[5], (LocalDate) a[6]));
        Arbitrary<String> ids = Arbitraries.strings().withChars("ABCxyz019._:-").ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> serviceCodes = Combinators.combine(Arbitraries.strings().withChars("AZaäöÅ09")
                .ofLength(1), Arbitraries.strings().withChars("AZaäöÅ09._-").ofMaxLength(31)).as(String::concat);
        return Builders.withBuilder(() -> new Object[12])
                .use(ids).in((a, v) -> set(a, 0, v))
                .use(codes3).in((a, v) -> set(a, 1, v))
                .use(hetus).in((a, v) -> set(a, 2, v))
                .use(Arbitraries.of(EventType.class)).in((a, v) -> set(a, 3, v))
                .use(serviceCodes).in((a, v) -> set(a, 4, v))
                .use(dates).in((a, v) -> set(a, 5, v))
                .use(dates.injectNull(0.3)).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.integers().between(0, 400).injectNull(0.3)).in((a, v) -> set(a, 7, v))
                .use(costs.injectNull(0.3)).in((a, v) -> set(a, 8, v))
                .use(Arbitraries.of(Funding.class).injectNull(0.3)).in((a, v) -> set(a, 9, v))
                .use(times).in((a, v) -> set(a, 10, v))
                .use(clients).in((a, v) -> set(a, 11, v))
                .build(a -> {
                    LocalDate start = (LocalDate) a[6];
                    // the end is a number of days after the start, so that it is never before it
                    LocalDate end = start == null || a[7] == null ? null : start.plusDays((Integer) a[7]);
                    return new ServiceDecision((String) a[0], (String) a[1], (String) a[2], (EventType) a[3],
                            (String) a[4], (LocalDate) a[5], start, end, (BigDecimal) a[8], (Funding) a[9],
                            (Instant) a[10], (ClientSnapshot) a[11]);
                });
    }

    /** A copy with one slot set, so that jqwik may rebuild values while shrinking. */
    private static Object[] set(Object[] array, int index, Object value) {
        Object[] copy = array.clone();
        copy[index] = value;
        return copy;
    }
}
