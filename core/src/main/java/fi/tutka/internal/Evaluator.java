package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import fi.tutka.facts.Decision;
import fi.tutka.facts.Result;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.ServiceEvent;
import fi.tutka.spi.TrialAllocation;
import fi.tutka.spi.TutkaRecord;
import fi.tutka.spi.VaultEntry;
import fi.tutka.trials.Trial;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Turns one decision into an outcome and its records, writing nothing: validation, pseudonymisation, rules,
 * record. Thread-safe; the rules fire on Tutka's rule threads within the {@link RuleLimits} ({@link RuleThreads}),
 * each call with its own {@link Result}. The rules in use can be replaced at any time ({@link #load}): an evaluation
 * uses the rules it started with to its end.
 */
public final class Evaluator implements AutoCloseable {
    /** The name of the global that rules write their conclusions to. */
    public static final String RESULT_GLOBAL = "result";

    /** The quality flag a service event carries when its decision contradicts a trial arm enforced by FLAG. */
    public static final String ARM_CONTRADICTION_FLAG = "trial_arm_contradiction";

    /** A made-up decision whose conditions new rules run once before their first evaluation. */
    private static final Decision WARM_UP = new Decision("000", "decision", "WARM-UP", LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), LocalDate.of(2026, 6, 30), BigDecimal.ZERO, null, "000",
            "02", LocalDate.of(1990, 1, 1), LocalDate.of(2025, 1, 1), null, "3", "fi", null, false);
    private static final long WARM_UP_PATIENCE = TimeUnit.SECONDS.toNanos(10);

    private final AtomicReference<LoadedRules> loaded = new AtomicReference<>();
    private final KeyProvider keys;
    private final Clock clock;
    private final Intake intake;
    private final RuleThreads threads;
    private final Map<String, Pseudonymizer> pseudonymizers = new ConcurrentHashMap<>();

    /**
     * What evaluating one decision produced.
     *
     * @param identity the client's identity code behind its pseudonym, for the identity vault only: its
     *                 {@code toString()} never shows the code
     * @param firings  what each rule that fired did, in order, when explaining; empty otherwise
     */
    public record Evaluation(Outcome outcome, List<TutkaRecord> records, VaultEntry identity,
            List<Result.Firing> firings) {
    }

    /**
     * @param allocations the ledger; may be null only when there are no trials
     * @param intake      what decisions it takes beyond their structure
     */
    public Evaluator(RuleCompiler.CompiledRules rules, KeyProvider keys, AllocationStore allocations,
            RuleLimits limits, Clock clock, Intake intake) {
        this.keys = keys;
        this.clock = clock;
        this.intake = intake;
        this.threads = new RuleThreads(limits);
        this.loaded.set(warm(new LoadedRules(rules, allocations, keys, clock)));
    }

    /**
     * Puts new rules in use at once: evaluations from now on use them, those in flight finish on the rules they
     * started with. The rules replaced keep no session.
     *
     * @param allocations the ledger; may be null only when the new rules have no trials
     * @return the version of the rules replaced
     */
    public String load(RuleCompiler.CompiledRules rules, AllocationStore allocations) {
        LoadedRules previous = loaded.getAndSet(warm(new LoadedRules(rules, allocations, keys, clock)));
        previous.release();
        return previous.version();
    }

    private LoadedRules warm(LoadedRules rules) {
        threads.warmUp(rules, WARM_UP, WARM_UP_PATIENCE);
        return rules;
    }

    public String rulesetVersion() {
        return loaded.get().version();
    }

    /** What decisions it takes beyond their structure: the areas it serves and the bound on decision times. */
    public Intake intake() {
        return intake;
    }

    public int ruleCount() {
        return loaded.get().ruleCount();
    }

    public List<Trial> trials() {
        return loaded.get().trials();
    }

    /** Ends the rule threads and disposes the sessions. */
    @Override
    public void close() {
        threads.close();
        loaded.get().release();
    }

    /**
     * The pseudonym of a client in an area, as records and allocations carry it.
     *
     * @throws TutkaException {@code INVALID_DECISION} naming {@code /area} when the engine does not serve the area,
     *                        {@code /client_id} when the code is not valid
     */
    public String subject(String area, String clientId) {
        if (!intake.serves(area)) {
            // before the key provider is asked: it would make a key for the area
            throw TutkaException.invalidDecision(List.of(new FieldError("/area",
                    ServedAreas.notServed(intake.areas()))));
        }
        String code = String.valueOf(clientId).toUpperCase(Locale.ROOT);
        try {
            IdentityCode.parse(code);
        } catch (IllegalArgumentException e) {
            throw TutkaException.invalidDecision(List.of(new FieldError("/client_id",
                    "not a valid personal identity code: " + e.getMessage())));
        }
        return pseudonymizer(area).hex(code);
    }

    /**
     * @throws TutkaException {@code INVALID_DECISION} naming every offending field; {@code RULE_EVALUATION} when a
     *                        rule failed or, fail-closed, the rules were stopped at a limit; nothing is produced then
     */
    public Evaluation evaluate(ServiceDecision decision) {
        return evaluate(decision, new Result());
    }

    /**
     * {@link #evaluate} that also tells, rule by rule in firing order, what each consequence did: for rule authors.
     * Trial allocations are made as {@code evaluate} makes them, so explain on a scratch ledger.
     */
    public Evaluation explain(ServiceDecision decision) {
        return evaluate(decision, Result.traced());
    }

    private Evaluation evaluate(ServiceDecision decision, Result into) {
        LoadedRules rules = loaded.get();
        String rulesetVersion = rules.version();
        List<FieldError> errors = new ArrayList<>(0);
        IdentityCode.Parsed id = DecisionValidator.validate(decision, errors, intake);
        if (!errors.isEmpty()) {
            throw TutkaException.invalidDecision(errors);
        }
        String identityCode = decision.clientId().toUpperCase(Locale.ROOT);
        Pseudonymizer pseudonymizer = pseudonymizer(decision.area());

        LocalDate localDate = Periods.helsinkiDate(decision.decisionTime());
        ClientSnapshot client = decision.client();
        Decision fact = new Decision(decision.area(), decision.eventType().wireName(), decision.serviceCode(),
                localDate, decision.decisionDate(), decision.startDate(), decision.endDate(), decision.cost(),
                decision.funding() == null ? null : decision.funding().wireName(), client.municipality(),
                client.jobseekerStatus(), id.birthDate(), client.unemploymentStart(), client.graduationDate(),
                client.educationLevel(), client.languageGroup(), client.benefitType(), id.temporary());
        TrialJudge trials = rules.judge();
        // The rules fire before anything is allocated: a decision whose rules fail allocates nothing.
        rules.refuseWhenStuck(threads.limits());
        String subject;
        TrialJudge.Scope scope;
        RuleThreads.Pending firing;
        if (trials.anyEnforcing(decision.area(), localDate)) {
            // the rules see the client's allocations, read from the ledger by pseudonym
            subject = pseudonymizer.hex(identityCode);
            scope = trials.scope(decision.area(), localDate, subject);
            firing = threads.start(rules, fact, scope.facts(), into);
        } else {
            // outside every trial the pseudonym (an HMAC) is made while the rules fire on their thread
            scope = TrialJudge.Scope.NONE;
            firing = threads.start(rules, fact, List.of(), into);
            subject = pseudonymizer.hex(identityCode);
        }
        String serviceEventId = RecordIds.of(decision.area(), decision.decisionId(), ServiceEvent.TYPE);
        RuleThreads.Fired fired = threads.finish(firing);
        RuleThreads.Stop stop = fired.stop();
        if (stop != null && !threads.limits().failOpen()) {
            throw stop.failure();
        }
        Result result = fired.result();
        TrialJudge.Judgement judgement = trials.judge(scope, fact, client, decision.decisionId(), subject,
                pseudonymizer.keyId(), result.getServiceClass(), result.getFiredRules(), rulesetVersion);
        Verdict verdict = Verdict.ALLOW;
        StringBuilder message = new StringBuilder();
        for (TrialVerdict trial : judgement.verdicts()) {
            if (trial.verdict() != Verdict.ALLOW) {
                verdict = trial.verdict().compareTo(verdict) > 0 ? trial.verdict() : verdict;
                message.append(message.length() == 0 ? "" : " ").append(trial.message());
            }
        }
        List<String> flags = List.copyOf(result.getQualityFlags());
        List<Warning> warnings = List.copyOf(result.getWarnings());
        if (verdict == Verdict.FLAG || stop != null) {
            TreeSet<String> more = new TreeSet<>(flags);
            if (verdict == Verdict.FLAG) {
                more.add(ARM_CONTRADICTION_FLAG);
            }
            if (stop != null) {
                more.add(RuleLimits.INCOMPLETE_FLAG);
                List<Warning> withStop = new ArrayList<>(warnings);
                withStop.add(stop.warning());
                warnings = List.copyOf(withStop);
            }
            flags = List.copyOf(more);
        }
        ServiceEvent data = new ServiceEvent(ServiceEvent.SCHEMA_VERSION, rulesetVersion, Versions.ENGINE,
                decision.area(), pseudonymizer.keyId(), Periods.halfYear(localDate), fact.getEventType(),
                decision.serviceCode(), result.getServiceClass(), result.getStatutory(), localDate,
                decision.decisionDate(), decision.startDate(), decision.endDate(), decision.cost(), fact.getFunding(),
                client.municipality(), client.jobseekerStatus(), fact.getBirthYear(), fact.getAge(),
                fact.getUnemploymentDays(), client.educationLevel(), client.languageGroup(), client.benefitType(),
                fact.getMonthsSinceGraduation(), id.temporary(),
                Collections.unmodifiableSortedMap(result.getTags()), flags);
        List<TutkaRecord> records = new ArrayList<>(1 + judgement.newAllocations().size());
        // A blocked decision is not made, so it is no service event; the allocation it may have made stands.
        if (verdict != Verdict.BLOCK) {
            records.add(new TutkaRecord(serviceEventId,
                    source(decision.area()), "1.0", ServiceEvent.TYPE, decision.decisionTime(), subject,
                    "urn:tutka:schema:service-event:" + ServiceEvent.SCHEMA_VERSION, "application/json", data));
        }
        for (Allocation allocation : judgement.newAllocations()) {
            records.add(allocationRecord(allocation));
        }
        List<String> recordIds = new ArrayList<>(records.size());
        for (TutkaRecord record : records) {
            recordIds.add(record.id());
        }
        Outcome outcome = new Outcome(decision.decisionId(), verdict, message.toString(), subject,
                pseudonymizer.keyId(), data.tags(), flags, warnings,
                List.copyOf(result.getFiredRules()), judgement.verdicts(), rulesetVersion, List.copyOf(recordIds));
        return new Evaluation(outcome, List.copyOf(records),
                new VaultEntry(decision.area(), pseudonymizer.keyId(), subject, identityCode), result.getFirings());
    }

    private static String source(String area) {
        return "urn:tutka:area:" + area;
    }

    /** The record of a new allocation: one per client and trial, its id derived from both. */
    private TutkaRecord allocationRecord(Allocation allocation) {
        TrialAllocation data = new TrialAllocation(TrialAllocation.SCHEMA_VERSION, allocation.rulesetVersion(),
                Versions.ENGINE, allocation.area(), allocation.subjectKey(),
                Periods.halfYear(allocation.decisionLocalDate()), allocation.trialId(), allocation.trialVersion(),
                allocation.protocolFingerprint(), allocation.method(), allocation.stratum(), allocation.sequence(),
                allocation.arm(), allocation.decisionLocalDate(), allocation.snapshotHash(), allocation.position(),
                allocation.entryHash());
        return new TutkaRecord(RecordIds.of(allocation.area(), "trial/" + allocation.trialId() + "/"
                + allocation.subject(), TrialAllocation.TYPE), source(allocation.area()), "1.0", TrialAllocation.TYPE,
                allocation.allocatedAt(), allocation.subject(),
                "urn:tutka:schema:trial-allocation:" + TrialAllocation.SCHEMA_VERSION, "application/json", data);
    }

    /** What a rule threw, as the caller sees it: the rule by name and file when a consequence failed. */
    static TutkaException ruleFailure(Throwable failure, LoadedRules rules) {
        ConsequenceException consequence = null;
        for (Throwable t = failure; t != null && consequence == null; t = t.getCause()) {
            if (t instanceof ConsequenceException c) {
                consequence = c;
            }
        }
        if (consequence != null) {
            Throwable cause = consequence.getCause() == null ? consequence : consequence.getCause();
            return new TutkaException(ErrorCode.RULE_EVALUATION, rules.describe(consequence.getMatch().getRule()
                    .getName()) + " failed: " + cause.getClass().getSimpleName() + ": "
                    + Redact.identityCodes(String.valueOf(cause.getMessage())), cause);
        }
        return new TutkaException(ErrorCode.RULE_EVALUATION, "rules failed: " + (failure instanceof RuntimeException
                ? "" : failure.getClass().getSimpleName() + ": ")
                + Redact.identityCodes(String.valueOf(failure.getMessage())), failure);
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
