package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.KeyProvider;
import fi.tutka.trials.Trial;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compiled ruleset as evaluations use it: its knowledge base's session pool, version, trials and the threads
 * still stuck in its rules. An evaluation reads the engine's current one once and uses it to the end, so a reload
 * (which swaps in a new one) never changes the rules under an evaluation in flight.
 */
final class LoadedRules {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedRules.class);

    /**
     * How many threads may be stuck in these rules past the budget before they take no more decisions: each holds a
     * session and a thread that no one can stop, so they must not pile up.
     */
    static final int MAX_STUCK = 4;

    private final String version;
    private final int ruleCount;
    private final List<Trial> trials;
    private final RuleSessions sessions;
    private final TrialJudge judge;
    private final Map<String, String> files = new HashMap<>();
    private final AtomicInteger stuck = new AtomicInteger();
    private volatile String stuckRule;

    LoadedRules(RuleCompiler.CompiledRules compiled, AllocationStore allocations, KeyProvider keys, Clock clock) {
        this.version = compiled.version();
        this.ruleCount = compiled.ruleCount();
        this.trials = compiled.trials();
        this.sessions = new RuleSessions(compiled.kieBase(), Runtime.getRuntime().availableProcessors() * 4);
        this.judge = new TrialJudge(compiled.trials(), allocations, keys, clock);
        for (KiePackage kiePackage : compiled.kieBase().getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String file = impl.getResource() == null ? null : impl.getResource().getSourcePath();
                if (file != null) {
                    files.merge(rule.getName(), file, (a, b) -> a.equals(b) ? a : a + " or " + b);
                }
            }
        }
    }

    String version() {
        return version;
    }

    int ruleCount() {
        return ruleCount;
    }

    List<Trial> trials() {
        return trials;
    }

    RuleSessions sessions() {
        return sessions;
    }

    TrialJudge judge() {
        return judge;
    }

    /**
     * {@code rule 'name' (file.drl)}, {@code rule 'name'} when its file is not known, or what ran when no rule had
     * fired yet (null).
     */
    String describe(String rule) {
        if (rule == null) {
            return "no rule (a condition, before any rule fired)";
        }
        String file = files.get(rule);
        return "rule '" + rule + "'" + (file == null ? "" : " (" + file + ")");
    }

    /** @throws TutkaException {@link ErrorCode#RULE_EVALUATION} once {@link #MAX_STUCK} threads are stuck here */
    void refuseWhenStuck(RuleLimits limits) {
        int now = stuck.get();
        if (now >= MAX_STUCK) {
            throw new TutkaException(ErrorCode.RULE_EVALUATION, now + " evaluations are stuck in "
                    + describe(stuckRule) + ", still running past the time budget of " + limits.budgetText()
                    + " (setting '" + RuleLimits.BUDGET + "'): these rules take no more decisions; fix the rule and "
                    + "reload the rules");
        }
    }

    /** A thread was left running a rule past the budget and the grace after it. Logged once, by rule only. */
    void leftStuck(String rule, String thread, RuleLimits limits) {
        stuckRule = rule;
        int now = stuck.incrementAndGet();
        LOG.warn("{} is still running on thread {} past the time budget of {}: the thread is left to it ({} of "
                + "at most {} before these rules take no more decisions); fix the rule and reload the rules",
                describe(rule), thread, limits.budgetText(), now, MAX_STUCK);
    }

    /** A thread left stuck came back; its session was disposed. */
    void cameBack(String rule, String thread, long millis) {
        stuck.decrementAndGet();
        LOG.info("thread {} came back from {} after {} ms", thread, describe(rule), millis);
    }

    /** After a reload: no new session is kept, and the idle ones are disposed. */
    void release() {
        sessions.close();
    }
}
