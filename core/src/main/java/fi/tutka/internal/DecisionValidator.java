package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Structural checks of a decision, made the same way for Java callers and for JSON input. Every offending field is
 * named by its JSON pointer; messages never repeat an identity code.
 */
public final class DecisionValidator {
    private static final BigDecimal MAX_COST = new BigDecimal("10000000");

    private DecisionValidator() {
    }

    /**
     * Adds to {@code errors} what is wrong with {@code decision}, skipping fields already named there.
     *
     * @return what the identity code tells, or null when it is missing or invalid
     */
    public static IdentityCode.Parsed validate(ServiceDecision decision, List<FieldError> errors) {
        Checker check = new Checker(errors);
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
        if (check.required("/service_code", decision.serviceCode())
                && (decision.serviceCode().isBlank() || decision.serviceCode().length() > 40)) {
            check.error("/service_code", "must be 1-40 characters and not blank");
        }
        check.required("/decision_date", decision.decisionDate());
        if (decision.startDate() != null && decision.endDate() != null
                && decision.endDate().isBefore(decision.startDate())) {
            check.error("/end_date", "is before start_date");
        }
        if (decision.cost() != null
                && (decision.cost().signum() < 0 || decision.cost().compareTo(MAX_COST) >= 0)) {
            check.error("/cost", "must be euros from 0 to 9999999.99");
        }
        check.required("/decision_time", decision.decisionTime());
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
        }
        for (String[] field : new String[][] {{"/decision_id", decision.decisionId()},
                {"/service_code", decision.serviceCode()},
                {"/client/education_level", client == null ? null : client.educationLevel()},
                {"/client/language_group", client == null ? null : client.languageGroup()},
                {"/client/benefit_type", client == null ? null : client.benefitType()}}) {
            if (Redact.holdsIdentityCodeAnywhere(field[1])) {
                check.error(field[0], "holds what looks like a personal identity code; it belongs in client_id only");
            }
        }
        return identity;
    }

    // Hand-written rather than regular expressions: these run on every evaluation.
    private static boolean isMunicipality(String code) {
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
