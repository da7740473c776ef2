package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.codec.TutkaJson;
import fi.tutka.facts.ClientAllocation;
import fi.tutka.facts.Decision;
import fi.tutka.facts.TrialCheck;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Correction;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import fi.tutka.trials.Trial;
import fi.tutka.trials.TrialDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Applies the trials to one decision: which trials recruit on it, whether the client is eligible, randomising an
 * eligible client once through the ledger, and whether the decision fits the client's arm. A decision outside every
 * trial's areas and dates never reaches the ledger.
 */
final class TrialJudge {
    private final List<Trial> trials;
    private final AllocationStore store;
    private final KeyProvider keys;
    private final Clock clock;
    private final Map<String, Set<String>> exclusive = new HashMap<>();
    private final Map<String, HmacKey> trialKeys = new ConcurrentHashMap<>();

    /** What the trials concluded: one verdict per trial in scope, and the allocations this decision made. */
    record Judgement(List<TrialVerdict> verdicts, List<Allocation> newAllocations) {
        static final Judgement NONE = new Judgement(List.of(), List.of());
    }

    /** @param store the ledger; may be null only when there are no trials */
    TrialJudge(List<Trial> trials, AllocationStore store, KeyProvider keys, Clock clock) {
        this.trials = List.copyOf(trials);
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        for (Trial trial : trials) {
            for (String other : trial.definition().exclusiveWith()) {
                exclusive.computeIfAbsent(trial.id(), t -> new TreeSet<>()).add(other);
                exclusive.computeIfAbsent(other, t -> new TreeSet<>()).add(trial.id());
            }
        }
    }

    /**
     * The trials open in a decision's area on its date, and what the ledger holds on the client: read only when some
     * trial is open, so a decision outside every trial never reaches the ledger.
     *
     * @param trials      trials recruiting, or enforcing their arms, on the decision
     * @param facts       what the rules see: a {@link TrialCheck} per recruiting trial, a {@link ClientAllocation}
     *                    per allocation the client holds
     * @param allocations the client's allocations by trial id
     * @param corrected   trials whose allocation of the client was corrected
     */
    record Scope(List<Trial> trials, List<Object> facts, Map<String, Allocation> allocations, Set<String> corrected) {
        static final Scope NONE = new Scope(List.of(), List.of(), Map.of(), Set.of());
    }

    /** Whether some trial recruits, or enforces its arms, in the area on the date: only then is the ledger read. */
    boolean anyEnforcing(String area, LocalDate date) {
        for (Trial trial : trials) {
            if (trial.enforcing(area, date)) {
                return true;
            }
        }
        return false;
    }

    Scope scope(String area, LocalDate date, String subject) {
        List<Trial> inScope = new ArrayList<>(0);
        for (Trial trial : trials) {
            if (trial.enforcing(area, date)) {
                inScope.add(trial);
            }
        }
        if (inScope.isEmpty()) {
            return Scope.NONE;
        }
        return ledger(() -> {
            Map<String, Allocation> allocations = new HashMap<>();
            for (Allocation allocation : store.allocations(subject)) {
                allocations.put(allocation.trialId(), allocation);
            }
            Set<String> corrected = new HashSet<>();
            if (!allocations.isEmpty()) {
                for (Correction correction : store.corrections(subject)) {
                    corrected.add(correction.trialId());
                }
            }
            List<Object> facts = new ArrayList<>();
            for (Trial trial : inScope) {
                if (trial.recruiting(area, date)) {
                    facts.add(new TrialCheck(trial.id()));
                }
            }
            for (Allocation allocation : allocations.values()) {
                facts.add(new ClientAllocation(allocation.trialId(), allocation.arm(), allocation.decisionLocalDate(),
                        !corrected.contains(allocation.trialId())));
            }
            return new Scope(List.copyOf(inScope), facts, allocations, corrected);
        });
    }

    /**
     * @param serviceClass the decision's research service class, null when unknown
     * @param firedRules   the rules that fired on the decision
     */
    Judgement judge(Scope scope, Decision fact, ClientSnapshot client, String decisionId, String subject,
            String subjectKey, String serviceClass, List<String> firedRules, String rulesetVersion) {
        if (scope.trials().isEmpty()) {
            return Judgement.NONE;
        }
        return ledger(() -> decide(scope, fact, client, decisionId, subject, subjectKey, serviceClass, firedRules,
                rulesetVersion));
    }

    /** Runs ledger work; a store failure becomes {@link ErrorCode#LEDGER_FAILURE}. */
    private static <T> T ledger(Supplier<T> work) {
        try {
            return work.get();
        } catch (TutkaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TutkaException(ErrorCode.LEDGER_FAILURE, "the trial allocation ledger failed: "
                    + Redact.identityCodes(String.valueOf(e.getMessage())), e);
        }
    }

    private Judgement decide(Scope scope, Decision fact, ClientSnapshot client, String decisionId, String subject,
            String subjectKey, String serviceClass, List<String> firedRules, String rulesetVersion) {
        String area = fact.getArea();
        LocalDate date = fact.getLocalDate();
        List<Trial> inScope = scope.trials();
        Map<String, Allocation> allocations = scope.allocations();
        Set<String> corrected = scope.corrected();
        Set<String> fired = Set.copyOf(firedRules);
        List<TrialVerdict> verdicts = new ArrayList<>(inScope.size());
        List<Allocation> made = new ArrayList<>(0);
        String snapshotHash = null;
        for (Trial trial : inScope) {
            TrialDefinition definition = trial.definition();
            boolean recruiting = trial.recruiting(area, date);
            List<String> met = new ArrayList<>();
            List<String> unmet = new ArrayList<>();
            if (recruiting) {
                for (String criterion : trial.criteria()) {
                    (fired.contains(criterion) ? met : unmet).add(criterion);
                }
            }
            boolean eligible = recruiting && unmet.isEmpty();
            Allocation allocation = allocations.get(trial.id());
            boolean allocatedNow = false;
            String note;
            if (allocation == null && eligible) {
                if (snapshotHash == null) {
                    snapshotHash = Sha256.hex(TutkaJson.write(client));
                }
                String stratum = trial.stratum(fact);
                AllocationOutcome outcome = store.allocate(new AllocationRequest(trial.id(), definition.version(),
                        trial.fingerprint(), definition.method(), subject, subjectKey, area, stratum, decisionId,
                        date, snapshotHash, rulesetVersion, clock.instant(),
                        exclusive.getOrDefault(trial.id(), Set.of()),
                        definition.stopAtTarget() ? definition.targetSize() : null),
                        trial.arms(trialKey(trial.id()), subject, stratum));
                allocation = outcome.allocation();
                switch (outcome.status()) {
                    case ALLOCATED -> {
                        allocatedNow = true;
                        made.add(allocation);
                        note = "Randomised now to arm '" + allocation.arm() + "'.";
                    }
                    case EXISTING -> note = "In arm '" + allocation.arm() + "'.";
                    case EXCLUDED -> note = "Eligible, but not randomised: the client is in trial '"
                            + outcome.heldBy() + "', which excludes this one.";
                    case TARGET_REACHED -> note = "Eligible, but not randomised: the trial has reached its target of "
                            + definition.targetSize() + " clients.";
                    default -> throw new IllegalStateException("unknown allocation status " + outcome.status());
                }
            } else if (allocation != null && date.isBefore(allocation.decisionLocalDate())) {
                // A decision dated before the randomisation (one sent late, or a replay) is judged as it was then.
                note = "Randomised later, on " + allocation.decisionLocalDate() + ": the arm does not apply to this "
                        + "earlier decision.";
            } else if (allocation != null) {
                note = corrected.contains(trial.id()) ? "Was in arm '" + allocation.arm()
                        + "'; the allocation was corrected, so the arm is no longer enforced."
                        : "In arm '" + allocation.arm() + "'.";
            } else if (!recruiting) {
                note = "Not randomised: the trial is not recruiting on " + date + ".";
            } else {
                note = "Not eligible: " + String.join("; ", unmet) + ".";
            }
            String arm = allocation == null || corrected.contains(trial.id())
                    || date.isBefore(allocation.decisionLocalDate()) ? null : allocation.arm();
            TrialDefinition.Arm armDefinition = arm == null ? null : definition.arm(arm);
            String contradiction = armDefinition == null ? null
                    : Trial.contradiction(armDefinition, serviceClass, fact.getEventType());
            Verdict verdict = contradiction == null ? Verdict.ALLOW : Verdict.valueOf(armDefinition.enforcement());
            String message = contradiction == null ? note : (verdict == Verdict.BLOCK ? "Blocked" : "Flagged")
                    + " by trial '" + definition.title() + "' (" + trial.id() + "): " + contradiction
                    + ". Choose another service, or ask the trial's coordinator.";
            verdicts.add(new TrialVerdict(trial.id(), eligible, met, unmet, arm, allocatedNow, contradiction == null,
                    verdict, message));
        }
        return new Judgement(verdicts, made);
    }

    private HmacKey trialKey(String trialId) {
        HmacKey key = trialKeys.get(trialId);
        return key != null ? key : trialKeys.computeIfAbsent(trialId, keys::trialKey);
    }
}
