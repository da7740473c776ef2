package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Structural checks of a decision, made the same way for Java callers and for JSON input. Every offending field is
 * named by its JSON pointer; messages never repeat an identity code.
 */
public final class DecisionValidator {
    private static final Pattern DECISION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern MUNICIPALITY = Pattern.compile("\\d{3}");
    private static final Pattern STATUS = Pattern.compile("0[0-8]");
    private static final BigDecimal MAX_COST = new BigDecimal("10000000");

    private DecisionValidator() {
    }

    /** Adds to {@code errors} what is wrong with {@code decision}, skipping fields already named there. */
    public static void validate(ServiceDecision decision, List<FieldError> errors) {
        Checker check = new Checker(errors);
        if (check.required("/decision_id", decision.decisionId())
                && !DECISION_ID.matcher(decision.decisionId()).matches()) {
            check.error("/decision_id", "must be 1-64 characters of letters, digits and . _ : -");
        }
        if (check.required("/area", decision.area()) && !MUNICIPALITY.matcher(decision.area()).matches()) {
            check.error("/area", "must be the area's 3-digit host municipality code, such as \"179\"");
        }
        if (check.required("/client_id", decision.clientId())) {
            try {
                IdentityCode.parse(decision.clientId().toUpperCase(Locale.ROOT));
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
                    && !MUNICIPALITY.matcher(client.municipality()).matches()) {
                check.error("/client/municipality", "must be a 3-digit municipality code, such as \"179\"");
            }
            if (check.required("/client/jobseeker_status", client.jobseekerStatus())
                    && !STATUS.matcher(client.jobseekerStatus()).matches()) {
                check.error("/client/jobseeker_status", "must be a jobseeker status code from \"00\" to \"08\"");
            }
        }
    }

    public static List<FieldError> validate(ServiceDecision decision) {
        List<FieldError> errors = new ArrayList<>();
        validate(decision, errors);
        return errors;
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
