package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Warning;
import fi.tutka.facts.Decision;
import fi.tutka.facts.Result;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.kie.api.runtime.KieSession;

/**
 * Fires the rules of each evaluation on Tutka's own daemon threads ({@code tutka-rules-N}) while the caller waits at
 * most the time budget, so that no rule can keep the host's thread.
 *
 * <p>Why not on the caller's thread: counting the firings and stopping between two of them (the session listener does
 * both, {@link #beforeFiring}) ends a looping rule, but nothing stops a consequence or a condition stuck in Java code
 * on its own thread. So the caller hands the firing to an idle rule thread and waits for it until the budget. At the
 * budget the firing is stopped before its next consequence and its thread interrupted (a sleep or a wait ends), and
 * the caller waits a short grace, at most {@value #GRACE_MILLIS} ms, for it to stop. A firing still running then is
 * left to its thread: the caller goes, the thread is logged once, by rule, and counted stuck until it comes back, when
 * its session is disposed, never reused. Once {@link LoadedRules#MAX_STUCK} threads are stuck in one ruleset, it takes
 * no more decisions (a reload brings fresh rules), so stuck threads cannot pile up. A stopped session is disposed too.
 *
 * <p>Cost: two thread hand-offs per evaluation, made cheap by short spins (below). A rule thread goes back to the idle
 * ones, then hands the answer over, then empties the session: the caller's next evaluation takes the same thread
 * again, which picks it up once the session is empty, so that emptying it is off the caller's path.
 */
final class RuleThreads implements AutoCloseable {
    /** How long, past the budget, the caller waits for halted or interrupted rules to stop. */
    static final long GRACE_MILLIS = 50;
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    /**
     * Short waits spin rather than park: most decisions' rules fire in a few microseconds, and on a virtual machine
     * waking a parked thread costs tens of them (hand-offs that always parked made {@code evaluate} several times
     * slower in {@code EvaluateBenchmark}). But a spinning thread holds a core that the thread it waits for may need,
     * so a caller spins only while its rule thread is running its firing (and {@value #STARTING_NANOS} ns for it to
     * start), at most {@value #SPIN_NANOS} ns, and of the idle rule threads only the one the next caller takes spins
     * for its next firing; the rest park. And none spins while more firings are in flight than there are pairs of
     * cores: then every spin would take a core from a rule thread that has work.
     */
    static final long SPIN_NANOS = 20_000;
    static final long STARTING_NANOS = 2_000;

    private final int spinningFirings = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    /** Firings handed to a rule thread whose caller has not had its answer yet. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final RuleLimits limits;
    private final int keepIdle;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private volatile boolean closed;

    /** What firing the rules of one decision gave, and why they were stopped early (null when they finished). */
    record Fired(Result result, Stop stop) {
    }

    /**
     * Why the rules of one decision were stopped before they finished.
     *
     * @param budget      the time budget ran out; otherwise the firing limit was reached
     * @param rule        the rule that fired most (firing limit) or was firing (budget), with its file; null when
     *                    no rule had fired yet
     * @param ruleFirings how often that rule fired (firing limit)
     */
    record Stop(boolean budget, String rule, int ruleFirings, RuleLimits limits) {

        /** What happened, naming the limit, its setting and the rule. */
        String what() {
            if (budget) {
                return "the rules were stopped at the time budget of " + limits.budgetText() + " (setting '"
                        + RuleLimits.BUDGET + "'): " + (rule == null ? "no rule had fired yet, a condition took the "
                        + "time" : rule + " was firing");
            }
            return "the rules were stopped at the firing limit of " + limits.maxFirings() + " (setting '"
                    + RuleLimits.MAX_FIRINGS + "'): " + rule + " fired " + ruleFirings + " times on this decision";
        }

        /** For fail-closed: the evaluation fails and writes nothing. */
        TutkaException failure() {
            return new TutkaException(ErrorCode.RULE_EVALUATION, what() + "; the decision was not evaluated and "
                    + "nothing was written: " + (budget ? "make the rule's work shorter (or raise '"
                    + RuleLimits.BUDGET + "')" : "a rule that fires again and again re-activates itself: give it "
                    + "'no-loop true' or a condition that its own consequence makes false") + ", then reload the rules");
        }

        /** For fail-open: the decision is accepted, and the caller told. */
        Warning warning() {
            return new Warning(RuleLimits.STOPPED_WARNING, "", what() + "; the decision's tags and flags may be "
                    + "incomplete");
        }
    }

    RuleThreads(RuleLimits limits) {
        this.limits = limits;
        this.keepIdle = Runtime.getRuntime().availableProcessors() * 4;
    }

    RuleLimits limits() {
        return limits;
    }

    /** A firing handed to a rule thread, for {@link #finish}. */
    static final class Pending {
        private final Firing firing;
        private final Worker worker;
        private final long start;

        private Pending(Firing firing, Worker worker, long start) {
            this.firing = firing;
            this.worker = worker;
            this.start = start;
        }
    }

    /**
     * Hands the rules on one decision's facts to a rule thread, to fire into {@code result} (a fresh one, or a
     * {@link Result#traced()} one for explaining); the caller may do other work before {@link #finish}. The budget
     * counts from now.
     */
    Pending start(LoadedRules rules, Decision fact, List<Object> facts, Result result) {
        Firing firing = new Firing(rules, fact, facts, limits.maxFirings(), result);
        Worker worker = take();
        firing.spin = inFlight.incrementAndGet() <= spinningFirings;
        long start = System.nanoTime();
        worker.hand(firing);
        return new Pending(firing, worker, start);
    }

    /**
     * Waits for a firing, at most until the budget and its grace.
     *
     * @throws TutkaException {@link ErrorCode#RULE_EVALUATION} when a rule failed, naming the rule and its file
     */
    Fired finish(Pending pending) {
        try {
            return waitFor(pending);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private Fired waitFor(Pending pending) {
        Firing firing = pending.firing;
        Worker worker = pending.worker;
        LoadedRules rules = firing.rules;
        long start = pending.start;
        long budget = limits.budget().toNanos();
        if (!firing.await(start + budget)) {
            String atBudget = firing.halt(worker);
            if (!firing.await(start + budget + Math.min(budget, GRACE_NANOS)) && firing.leave()) {
                String rule = atBudget != null ? atBudget : firing.lastFired;
                rules.leftStuck(rule, worker.getName(), limits);
                // The stuck thread may still write to its result: the decision gets none of it.
                return new Fired(new Result(), new Stop(true, rule == null ? null : rules.describe(rule), 0, limits));
            }
            // Here the rules have finished: halt() or leave() saw it under the firing's lock, which makes what the
            // rule thread wrote before visible. Its session may still be being emptied; that is not waited for.
            if (firing.halted) {
                String rule = atBudget != null ? atBudget : mostFired(firing.result.getFiredRules()).getKey();
                return new Fired(firing.result, new Stop(true, rule == null ? null : rules.describe(rule), 0,
                        limits));
            }
        }
        if (firing.failure != null) {
            throw Evaluator.ruleFailure(firing.failure, rules);
        }
        if (firing.limitReached) {
            Map.Entry<String, Integer> most = mostFired(firing.result.getFiredRules());
            return new Fired(firing.result, new Stop(false, rules.describe(most.getKey()), most.getValue(), limits));
        }
        return new Fired(firing.result, null);
    }

    /**
     * Runs the rules' conditions once on a made-up decision, firing no consequence, and keeps the session: the first
     * evaluation in a fresh JVM would otherwise spend a good part of the budget loading Drools' classes. Waits at
     * most {@code patience}; a failure or an overrun here is only logged, as any stuck rule is.
     */
    void warmUp(LoadedRules rules, Decision fact, long patienceNanos) {
        Firing firing = new Firing(rules, fact, List.of(), 0, new Result());
        Worker worker = take();
        long start = System.nanoTime();
        worker.hand(firing);
        if (!firing.await(start + patienceNanos)) {
            firing.halt(worker);
            if (!firing.await(start + patienceNanos + GRACE_NANOS) && firing.leave()) {
                rules.leftStuck(firing.firing, worker.getName(), limits);
            }
        }
    }

    /** The rule that fired most often, the later one of equals; a null key when none fired. */
    private static Map.Entry<String, Integer> mostFired(List<String> fired) {
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        for (String rule : fired) {
            int count = counts.merge(rule, 1, Integer::sum);
            if (count >= bestCount) {
                best = rule;
                bestCount = count;
            }
        }
        return new AbstractMap.SimpleImmutableEntry<>(best, bestCount);
    }

    /**
     * Called by the session listener before a rule's consequence runs: stops a firing past its budget or at its
     * firing limit before the consequence, by throwing {@link #STOP} out of Drools' firing loop. (Drools' own
     * {@code fireAllRules(max)} fires one more than {@code max} when one rule keeps matching, and a halt lets the
     * match at hand fire first.)
     */
    static void beforeFiring(String rule) {
        if (Thread.currentThread() instanceof Worker worker && worker.current != null) {
            Firing firing = worker.current;
            if (firing.halted) {
                throw STOP;
            }
            if (++firing.firings > firing.maxFirings) {
                firing.limitReached = true;
                throw STOP;
            }
            firing.firing = rule;
        }
    }

    /** Thrown through Drools to end a firing at a limit; no stack trace, one instance. */
    private static final RuntimeException STOP = new RuntimeException("rules stopped at a limit", null, false,
            false) {
        private static final long serialVersionUID = 1L;
    };

    private static boolean stopped(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == STOP) {
                return true;
            }
        }
        return false;
    }

    /** Called by the session listener after a rule's consequence ran. */
    static void afterFiring(String rule) {
        if (Thread.currentThread() instanceof Worker worker && worker.current != null) {
            worker.current.firing = null;
            worker.current.lastFired = rule;
        }
    }

    private Worker take() {
        Worker worker = idle.pollFirst();
        if (worker != null) {
            idleCount.decrementAndGet();
            worker.taken = true;
            return worker;
        }
        worker = new Worker(this, numbers.incrementAndGet());
        worker.start();
        return worker;
    }

    /** A worker that finished a firing waits for the next one, unless enough wait already or this is closed. */
    private boolean backToIdle(Worker worker) {
        if (closed || idleCount.incrementAndGet() > keepIdle) {
            idleCount.decrementAndGet();
            return false;
        }
        idle.offerFirst(worker);
        if (closed && idle.removeFirstOccurrence(worker)) {
            idleCount.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Ends the idle rule threads; busy ones end after their firing. A stuck one ends when its rule returns. */
    @Override
    public void close() {
        closed = true;
        Worker worker;
        while ((worker = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            worker.end();
        }
    }

    /** One evaluation's firing, between the caller that waits for it and the rule thread that runs it. */
    private static final class Firing {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int LEFT = 2;

        final LoadedRules rules;
        final Decision fact;
        final List<Object> facts;
        /** 0 for a warm-up, which fires no consequence. */
        final int maxFirings;
        final Thread caller = Thread.currentThread();
        final Result result;
        final long created = System.nanoTime();
        /** Written by the rule thread before {@link #done}, read by the caller after it. */
        Throwable failure;
        boolean limitReached;
        /** Only the rule thread touches them. */
        int firings;
        /** Only the rule thread touches them. */
        KieSession session;
        boolean reusable;
        volatile boolean done;
        /** Set by the rule thread when it takes the firing up: the caller spins only while it runs. */
        volatile boolean started;
        /** Whether the caller may spin for the answer: few enough firings are in flight. */
        boolean spin;
        volatile boolean halted;
        /** The rule whose consequence runs now, and the last one that fired: what a caller leaving names. */
        volatile String firing;
        volatile String lastFired;
        private int state = RUNNING; // guarded by this: a thread is interrupted only while RUNNING

        Firing(LoadedRules rules, Decision fact, List<Object> facts, int maxFirings, Result result) {
            this.rules = rules;
            this.fact = fact;
            this.facts = facts;
            this.maxFirings = maxFirings;
            this.result = result;
        }

        /**
         * On the rule thread: fires the rules.
         *
         * @return whether the caller had left before the rules finished
         */
        boolean run() {
            try {
                session = rules.sessions().take();
                session.setGlobal(Evaluator.RESULT_GLOBAL, result);
                session.insert(fact);
                for (Object other : facts) {
                    session.insert(other);
                }
                if (maxFirings == 0) {
                    session.fireAllRules(match -> false);
                    session.getAgenda().clear();
                } else {
                    session.fireAllRules();
                }
                reusable = true;
            } catch (Throwable e) {
                // whatever a rule throws, even an Error, is the caller's to see, not the end of this thread
                if (!stopped(e)) {
                    failure = e;
                }
            }
            boolean left;
            synchronized (this) {
                left = state == LEFT;
                state = left ? LEFT : DONE;
            }
            Thread.interrupted(); // an interrupt after the budget was for this firing only
            return left;
        }

        /** On the rule thread, after the answer is out: empties the session for the next firing, or disposes it. */
        void cleanUp(boolean left, Worker worker) {
            if (session != null) {
                try {
                    if (reusable && !left && !halted && !limitReached) {
                        rules.sessions().giveBack(session);
                    } else {
                        rules.sessions().discard(session);
                    }
                } catch (RuntimeException e) {
                    // the session is lost either way
                }
                session = null;
            }
            if (left) {
                rules.cameBack(firing != null ? firing : lastFired, worker.getName(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created));
            }
        }

        /** On the rule thread, once it is ready for the next firing: the answer is the caller's. */
        void handOver() {
            done = true;
            LockSupport.unpark(caller);
        }

        /** On the caller: waits until done or the deadline; an interrupt of the caller is kept for it, not obeyed. */
        boolean await(long deadline) {
            long since = System.nanoTime();
            for (long spun = 0; spin && !done && spun < (started ? SPIN_NANOS : STARTING_NANOS);
                    spun = System.nanoTime() - since) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            try {
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, left);
                    interrupted |= Thread.interrupted();
                }
                return true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** On the caller at the budget: the rule firing now, or null; nothing when the rules just finished. */
        String halt(Worker worker) {
            synchronized (this) {
                if (state != RUNNING) {
                    return null;
                }
                halted = true;
                worker.interrupt();
                return firing;
            }
        }

        /** On the caller after the grace: leaves the firing to its thread, unless it has just finished. */
        boolean leave() {
            synchronized (this) {
                if (state != RUNNING) {
                    return false;
                }
                state = LEFT;
                return true;
            }
        }
    }

    /** A rule thread: waits for a firing, runs it, and goes back to the idle ones. */
    private static final class Worker extends Thread {
        private final RuleThreads pool;
        private volatile Firing task;
        private volatile boolean ended;
        /** Taken from the idle ones by a caller, its firing a moment away. */
        private volatile boolean taken;
        /** The firing this thread runs now; only this thread reads and writes it. */
        Firing current;

        Worker(RuleThreads pool, int number) {
            super("tutka-rules-" + number);
            this.pool = pool;
            setDaemon(true);
            // Drools finds its parts through the context class loader: make it Tutka's, not the host's.
            setContextClassLoader(RuleThreads.class.getClassLoader());
        }

        void hand(Firing firing) {
            task = firing;
            LockSupport.unpark(this);
        }

        void end() {
            ended = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Firing firing = task;
                if (firing == null) {
                    if (ended) {
                        return;
                    }
                    // Only the idle thread that the next caller takes (the last one back) spins for its firing.
                    long since = System.nanoTime();
                    while (task == null && (taken || pool.idle.peekFirst() == this
                            && pool.inFlight.get() <= pool.spinningFirings) && System.nanoTime() - since < SPIN_NANOS) {
                        Thread.onSpinWait();
                    }
                    if (task != null) {
                        continue;
                    }
                    LockSupport.park(this);
                    Thread.interrupted(); // a stray interrupt must not turn the wait into a spin
                    continue;
                }
                task = null;
                taken = false;
                firing.started = true;
                current = firing;
                boolean left;
                try {
                    left = firing.run();
                } finally {
                    current = null;
                }
                if (left) {
                    firing.cleanUp(true, this);
                    if (!pool.backToIdle(this)) {
                        return;
                    }
                    continue;
                }
                // Idle first, then the answer: the caller's next evaluation takes this thread again, which picks
                // that firing up once it has emptied this one's session, off the caller's path.
                boolean again = pool.backToIdle(this);
                firing.handOver();
                firing.cleanUp(false, this);
                if (!again) {
                    return;
                }
            }
        }
    }
}
