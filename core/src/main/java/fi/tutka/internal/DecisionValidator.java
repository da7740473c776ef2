package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Structural checks of a decision, made the same way for Java callers and for JSON input. Every offending field is
 * named by its JSON pointer; messages never repeat an identity code.
 */
public final class DecisionValidator {
    private static final BigDecimal MAX_COST = new BigDecimal("10000000");

    /** The first date of a decision and of a service: this register holds decisions from 2000 on. */
    public static final LocalDate FIRST_DATE = LocalDate.of(2000, 1, 1);
    /** The first date of a client's unemployment spell or degree. */
    public static final LocalDate FIRST_CLIENT_DATE = LocalDate.of(1900, 1, 1);
    /** The last date of anything: years have four digits, and identity codes' centuries end with 2099. */
    public static final LocalDate LAST_DATE = LocalDate.of(2099, 12, 31);
    /**
     * The longest codes. The longest real ones: {@code TRE-TYOLLISYYSPALVELU} (21; 32 leaves an area room),
     * an education level of one digit (8 takes a finer classification's), {@code other} (16 takes a language tag
     * such as {@code fi-FI} too) and {@code labour_market_subsidy} (21).
     */
    public static final int SERVICE_CODE_MAX = 32;
    public static final int EDUCATION_LEVEL_MAX = 8;
    public static final int LANGUAGE_GROUP_MAX = 16;
    public static final int BENEFIT_TYPE_MAX = 32;
    private static final Instant FIRST_TIME = helsinkiMidnight(FIRST_DATE);
    private static final Instant END_TIME = helsinkiMidnight(LAST_DATE.plusDays(1));

    private DecisionValidator() {
    }

    /**
     * Adds to {@code errors} what is wrong with {@code decision}, skipping fields already named there.
     *
     * @return what the identity code tells, or null when it is missing or invalid
     */
    public static IdentityCode.Parsed validate(ServiceDecision decision, List<FieldError> errors) {
        Checker check = new Checker(errors);
        // First, so that a field holding an identity code is named for that, whatever else is wrong with it.
        for (String[] field : new String[][] {{"/decision_id", decision.decisionId()},
                {"/service_code", decision.serviceCode()},
                {"/client/education_level", decision.client() == null ? null : decision.client().educationLevel()},
                {"/client/language_group", decision.client() == null ? null : decision.client().languageGroup()},
                {"/client/benefit_type", decision.client() == null ? null : decision.client().benefitType()}}) {
            if (Redact.holdsIdentityCodeAnywhere(field[1])) {
                check.error(field[0], "holds what looks like a personal identity code; it belongs in client_id only");
            }
        }
        if (check.required("/decision_id", decision.decisionId()) && !isDecisionId(decision.decisionId())) {
            check.error("/decision_id", "must be 1-64 characters of letters, digits and . _ : -");
        }
        if (check.required("/area", decision.area()) && !isMunicipality(decision.area())) {
            check.error("/area", "must be the area's 3-digit host municipality code, such as \"179\"");
        }
        IdentityCode.Parsed identity = null;
        if (check.required("/client_id", decision.clientId())) {
            try {
                identity = IdentityCode.parse(decision.clientId().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                check.error("/client_id", "not a valid personal identity code: " + e.getMessage());
            }
        }
        check.required("/event_type", decision.eventType());
        if (check.required("/service_code", decision.serviceCode())) {
            code(check, "/service_code", decision.serviceCode(), SERVICE_CODE_MAX);
        }
        if (check.required("/decision_date", decision.decisionDate())) {
            dateRange(check, "/decision_date", decision.decisionDate(), FIRST_DATE);
        }
        dateRange(check, "/start_date", decision.startDate(), FIRST_DATE);
        dateRange(check, "/end_date", decision.endDate(), FIRST_DATE);
        if (decision.startDate() != null && decision.endDate() != null
                && decision.endDate().isBefore(decision.startDate())) {
            check.error("/end_date", "is before start_date");
        }
        if (decision.cost() != null
                && (decision.cost().signum() < 0 || decision.cost().compareTo(MAX_COST) >= 0)) {
            check.error("/cost", "must be euros from 0 to 9999999.99");
        }
        Instant time = decision.decisionTime();
        if (check.required("/decision_time", time)) {
            if (time.isBefore(FIRST_TIME) || !time.isBefore(END_TIME)) {
                check.error("/decision_time", "must fall on a Helsinki date from " + FIRST_DATE + " to " + LAST_DATE);
            } else if (identity != null && Periods.helsinkiDate(time).isBefore(identity.birthDate())) {
                // says that it is before, never what the birth date is
                check.error("/decision_time", "is before the client's birth date (which client_id tells): check the "
                        + "decision time and the identity code");
            }
        }
        ClientSnapshot client = decision.client();
        if (check.required("/client", client)) {
            if (check.required("/client/municipality", client.municipality())
                    && !isMunicipality(client.municipality())) {
                check.error("/client/municipality", "must be a 3-digit municipality code, such as \"179\"");
            }
            String status = client.jobseekerStatus();
            if (check.required("/client/jobseeker_status", status)
                    && !(status.length() == 2 && status.charAt(0) == '0' && status.charAt(1) >= '0'
                    && status.charAt(1) <= '8')) {
                check.error("/client/jobseeker_status", "must be a jobseeker status code from \"00\" to \"08\"");
            }
            code(check, "/client/education_level", client.educationLevel(), EDUCATION_LEVEL_MAX);
            code(check, "/client/language_group", client.languageGroup(), LANGUAGE_GROUP_MAX);
            code(check, "/client/benefit_type", client.benefitType(), BENEFIT_TYPE_MAX);
            dateRange(check, "/client/unemployment_start", client.unemploymentStart(), FIRST_CLIENT_DATE);
            dateRange(check, "/client/graduation_date", client.graduationDate(), FIRST_CLIENT_DATE);
        }
        return identity;
    }

    /**
     * {@link #validate(ServiceDecision, List)}, and what the engine that takes it adds: an area it serves, a decision
     * time no later than {@link Intake#AHEAD} after the engine's clock.
     */
    public static IdentityCode.Parsed validate(ServiceDecision decision, List<FieldError> errors, Intake intake) {
        IdentityCode.Parsed identity = validate(decision, errors);
        Checker check = new Checker(errors);
        String area = decision.area();
        if (area != null && isMunicipality(area) && !intake.serves(area)) {
            check.error("/area", ServedAreas.notServed(intake.areas()));
        }
        Instant time = decision.decisionTime();
        if (time != null && intake.clock() != null && time.isAfter(intake.clock().instant().plus(Intake.AHEAD))) {
            check.error("/decision_time", "is more than a day after this Tutka's clock: a decision cannot be dated in "
                    + "the future (check the client system's clock and the offset)");
        }
        return identity;
    }

    /**
     * A code's shape: letters (A-Z, Å, Ä, Ö in either case), digits, {@code .}, {@code _} and {@code -}, beginning
     * with a letter or digit (so that no spreadsheet reads a delivery's cell as a formula), at most {@code max}
     * characters. A name, an address or a sentence is not one; the value is never repeated.
     */
    private static void code(Checker check, String pointer, String value, int max) {
        if (value != null && !isCode(value, max)) {
            check.error(pointer, "must be a code of at most " + max + " characters: letters (A-Z, Å, Ä, Ö, in either "
                    + "case), digits, '.', '_' and '-', beginning with a letter or digit");
        }
    }

    static boolean isCode(String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 'å'
                    || c == 'ä' || c == 'ö' || c == 'Å' || c == 'Ä' || c == 'Ö';
            if (!alphanumeric && (i == 0 || !(c == '.' || c == '_' || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    private static void dateRange(Checker check, String pointer, LocalDate date, LocalDate first) {
        if (date != null && (date.isBefore(first) || date.isAfter(LAST_DATE))) {
            check.error(pointer, "must be a date from " + first + " to " + LAST_DATE);
        }
    }

    private static Instant helsinkiMidnight(LocalDate date) {
        return ZonedDateTime.of(date, LocalTime.MIDNIGHT, Periods.HELSINKI).toInstant();
    }

    // Hand-written rather than regular expressions: these run on every evaluation.
    static boolean isMunicipality(String code) {
        return code.length() == 3 && isDigit(code.charAt(0)) && isDigit(code.charAt(1)) && isDigit(code.charAt(2));
    }

    private static boolean isDecisionId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == ':'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final class Checker {
        private final List<FieldError> errors;

        Checker(List<FieldError> errors) {
            this.errors = errors;
        }

        /** True when the value is there and not already reported, so that further checks may follow. */
        boolean required(String pointer, Object value) {
            if (reported(pointer)) {
                return false;
            }
            if (value == null) {
                errors.add(new FieldError(pointer, "is required"));
                return false;
            }
            return true;
        }

        void error(String pointer, String message) {
            if (!reported(pointer)) {
                errors.add(new FieldError(pointer, message));
            }
        }

        private boolean reported(String pointer) {
            for (FieldError error : errors) {
                if (error.pointer().equals(pointer)) {
                    return true;
                }
            }
            return false;
        }
    }
}
