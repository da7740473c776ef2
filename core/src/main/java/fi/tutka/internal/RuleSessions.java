package fi.tutka.internal;

import fi.tutka.facts.Result;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Drools sessions reused across evaluations. A session is taken by one evaluation at a time and given back empty:
 * every fact is deleted, which costs a few retractions, where a reset or a new session rebuilds the memory of every
 * node of the network. A session whose evaluation failed or was stopped is disposed, never given back; so are all of
 * them once the rules are replaced ({@link #close()}).
 */
final class RuleSessions {
    private static final DefaultAgendaEventListener FIRED = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            RuleThreads.beforeFiring(event.getMatch().getRule().getName());
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            String rule = event.getMatch().getRule().getName();
            ((Result) event.getKieRuntime().getGlobal(Evaluator.RESULT_GLOBAL)).fired(rule);
            RuleThreads.afterFiring(rule);
        }
    };

    private final KieBase kieBase;
    private final BlockingQueue<KieSession> idle;
    private volatile boolean closed;

    RuleSessions(KieBase kieBase, int keep) {
        this.kieBase = kieBase;
        this.idle = new ArrayBlockingQueue<>(keep);
    }

    KieSession take() {
        KieSession session = idle.poll();
        if (session == null) {
            // Drools looks its parts up through the context class loader, which on a host's thread may be the
            // host's: make it Tutka's while the session is made.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(RuleSessions.class.getClassLoader());
            try {
                session = kieBase.newKieSession();
            } finally {
                thread.setContextClassLoader(previous);
            }
            session.addEventListener(FIRED);
        }
        return session;
    }

    /** Empties a session after a successful evaluation and keeps it, or disposes it when enough are kept. */
    void giveBack(KieSession session) {
        try {
            for (FactHandle handle : session.getFactHandles()) {
                session.delete(handle);
            }
            // Deletions propagate lazily, on the next fire: propagate them now, firing nothing (a "not" that
            // becomes true activates a rule), and drop whatever they activated.
            session.fireAllRules(match -> false);
            session.getAgenda().clear();
        } catch (RuntimeException e) {
            // The evaluation itself succeeded; a session that cannot be emptied is simply not kept.
            session.dispose();
            return;
        }
        if (closed || !idle.offer(session)) {
            session.dispose();
        } else if (closed) {
            // closed while it was offered: close() may have drained the queue before the offer
            drain();
        }
    }

    void discard(KieSession session) {
        session.dispose();
    }

    /** Disposes the idle sessions and every one given back from now on: these rules have been replaced. */
    void close() {
        closed = true;
        drain();
    }

    private void drain() {
        KieSession session;
        while ((session = idle.poll()) != null) {
            session.dispose();
        }
    }
}
