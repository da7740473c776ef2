package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.facts.Decision;
import fi.tutka.facts.Result;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TutkaRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Turns one decision into an outcome and its records, writing nothing: validation, pseudonymisation, rules,
 * record. Thread-safe; the Drools session is shared and each call passes its own {@link Result}.
 */
public final class Evaluator {
    /** The name of the global that rules write their conclusions to. */
    public static final String RESULT_GLOBAL = "result";

    private final RuleSessions sessions;
    private final String rulesetVersion;
    private final KeyProvider keys;
    private final Map<String, Pseudonymizer> pseudonymizers = new ConcurrentHashMap<>();

    /** What evaluating one decision produced. */
    public record Evaluation(Outcome outcome, List<TutkaRecord> records) {
    }

    public Evaluator(KieBase kieBase, String rulesetVersion, KeyProvider keys) {
        this.sessions = new RuleSessions(kieBase, Runtime.getRuntime().availableProcessors() * 4);
        this.rulesetVersion = rulesetVersion;
        this.keys = keys;
    }

    public String rulesetVersion() {
        return rulesetVersion;
    }

    /** @throws TutkaException {@code INVALID_DECISION} naming every offending field; nothing is produced then */
    public Evaluation evaluate(ServiceDecision decision) {
        List<FieldError> errors = new ArrayList<>(0);
        IdentityCode.Parsed id = DecisionValidator.validate(decision, errors);
        if (!errors.isEmpty()) {
            throw TutkaException.invalidDecision(errors);
        }
        String identityCode = decision.clientId().toUpperCase(Locale.ROOT);
        Pseudonymizer pseudonymizer = pseudonymizer(decision.area());
        String subject = pseudonymizer.hex(identityCode);

        LocalDate localDate = Periods.helsinkiDate(decision.decisionTime());
        ClientSnapshot client = decision.client();
        Decision fact = new Decision(decision.area(), decision.eventType().wireName(), decision.serviceCode(),
                localDate, decision.decisionDate(), decision.startDate(), decision.endDate(), decision.cost(),
                decision.funding() == null ? null : decision.funding().wireName(), client.municipality(),
                client.jobseekerStatus(), id.birthDate(), client.unemploymentStart(), client.graduationDate(),
                client.educationLevel(), client.languageGroup(), client.benefitType(), id.temporary());
        Result result = fire(fact);

        List<String> flags = List.copyOf(result.getQualityFlags());
        ServiceEvent data = new ServiceEvent(ServiceEvent.SCHEMA_VERSION, rulesetVersion, Versions.ENGINE,
                decision.area(), pseudonymizer.keyId(), Periods.halfYear(localDate), fact.getEventType(),
                decision.serviceCode(), result.getServiceClass(), result.getStatutory(), localDate,
                decision.decisionDate(), decision.startDate(), decision.endDate(), decision.cost(), fact.getFunding(),
                client.municipality(), client.jobseekerStatus(), fact.getBirthYear(), fact.getAge(),
                fact.getUnemploymentDays(), client.educationLevel(), client.languageGroup(), client.benefitType(),
                fact.getMonthsSinceGraduation(), id.temporary(),
                Collections.unmodifiableSortedMap(result.getTags()), flags);
        String recordId = RecordIds.of(decision.area(), decision.decisionId(), ServiceEvent.TYPE);
        TutkaRecord record = new TutkaRecord(recordId, "urn:tutka:area:" + decision.area(), "1.0",
                ServiceEvent.TYPE, decision.decisionTime(), subject,
                "urn:tutka:schema:service-event:" + ServiceEvent.SCHEMA_VERSION, "application/json", data);
        Outcome outcome = new Outcome(decision.decisionId(), Verdict.ALLOW, subject, pseudonymizer.keyId(),
                data.tags(), flags, List.copyOf(result.getWarnings()), List.copyOf(result.getFiredRules()),
                rulesetVersion, List.of(recordId));
        return new Evaluation(outcome, List.of(record));
    }

    private Result fire(Decision fact) {
        Result result = new Result();
        KieSession session = sessions.take();
        boolean fired = false;
        try {
            session.setGlobal(RESULT_GLOBAL, result);
            session.insert(fact);
            session.fireAllRules();
            fired = true;
        } catch (ConsequenceException e) {
            throw ruleFailure(e.getMatch().getRule().getName(), e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            ConsequenceException consequence = findConsequence(e);
            if (consequence != null) {
                throw ruleFailure(consequence.getMatch().getRule().getName(),
                        consequence.getCause() == null ? consequence : consequence.getCause());
            }
            throw new TutkaException(ErrorCode.RULE_EVALUATION, "rules failed: "
                    + Redact.identityCodes(String.valueOf(e.getMessage())), e);
        } finally {
            if (fired) {
                sessions.giveBack(session);
            } else {
                sessions.discard(session);
            }
        }
        return result;
    }

    private static ConsequenceException findConsequence(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConsequenceException c) {
                return c;
            }
        }
        return null;
    }

    private static TutkaException ruleFailure(String rule, Throwable cause) {
        return new TutkaException(ErrorCode.RULE_EVALUATION, "rule '" + rule + "' failed: "
                + cause.getClass().getSimpleName() + ": " + Redact.identityCodes(String.valueOf(cause.getMessage())),
                cause);
    }

    private Pseudonymizer pseudonymizer(String area) {
        HmacKey key = keys.pseudonymKey(area);
        if (key == null) {
            throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "the key provider has no key for area " + area);
        }
        Pseudonymizer existing = pseudonymizers.get(key.id());
        return existing != null ? existing : pseudonymizers.computeIfAbsent(key.id(), k -> new Pseudonymizer(key));
    }
}
