package fi.tutka.sidecar;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.Settings;
import fi.tutka.trials.Trial;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's rules reloads, from the API and from the watched folder: one at a time (a reload asked for while one
 * runs waits for it, then reads the folder again itself, so that a file saved during the first is not missed), each
 * logged, counted and kept in a short history. A failed reload leaves the rules in use as they were.
 */
@Singleton
final class Rules {
    /** How many reloads {@code /v1/rules} and the status page show. */
    static final int HISTORY = 20;
    /** {@code tutka.rules.watch}: {@code false} leaves the rules folder unwatched. */
    static final String WATCH = "tutka.rules.watch";

    private static final Logger LOG = LoggerFactory.getLogger(Rules.class);

    /** A reload that did not put new rules in use: why, one line an error. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient TutkaException cause;
        private final transient List<String> errors;

        Failed(TutkaException cause, List<String> errors) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            this.errors = List.copyOf(errors);
        }

        ErrorCode code() {
            return cause.code();
        }

        List<String> errors() {
            return errors;
        }
    }

    private final Engine engine;
    private final Clock clock;
    private final SidecarMetrics metrics;
    private final Deque<RulesStatus.Reload> history = new ArrayDeque<>(); // guarded by this
    private Instant loadedAt; // guarded by this; null until the first status or reload

    Rules(Engine engine, Clock clock, SidecarMetrics metrics) {
        this.engine = engine;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Reads and compiles the rules again and puts them in use.
     *
     * @param trigger {@code api} or {@code watch}, for the history
     * @throws Failed when they do not compile or cannot be read: the rules in use stay
     * @throws Engine.Starting while the engine is still being built
     */
    synchronized RulesStatus reload(String trigger) {
        Tutka tutka = engine.tutka();
        loadedAt();
        String before = tutka.rulesetVersion();
        long start = System.nanoTime();
        try {
            Tutka.Reloaded reloaded = tutka.reload();
            loadedAt = now();
            remember(new RulesStatus.Reload(loadedAt, trigger, "ok", reloaded.previousVersion(), reloaded.version(),
                    reloaded.loadTime().toMillis(), null));
            metrics.reloaded(true);
            LOG.info("rules reloaded ({}): {} rules, version {} (was {}), in {} ms", trigger, reloaded.ruleCount(),
                    reloaded.version(), reloaded.previousVersion(), reloaded.loadTime().toMillis());
            return status();
        } catch (TutkaException e) {
            List<String> errors = errorLines(e);
            remember(new RulesStatus.Reload(now(), trigger, "failed", before, tutka.rulesetVersion(),
                    (System.nanoTime() - start) / 1_000_000, errors));
            metrics.reloaded(false);
            LOG.warn("rules reload failed ({}); the rules in use stay, version {}: {}", trigger,
                    tutka.rulesetVersion(), String.join("; ", errors));
            throw new Failed(e, errors);
        }
    }

    /** The rules in use and the last reloads, newest first. */
    synchronized RulesStatus status() {
        Tutka tutka = engine.tutka();
        List<String> trials = new ArrayList<>();
        for (Trial trial : tutka.trials()) {
            trials.add(trial.id());
        }
        return new RulesStatus(tutka.rulesetVersion(), tutka.ruleCount(), trials, loadedAt(),
                engine.settings().get("tutka.rules.dir").orElse(null), watching(engine.settings()),
                new ArrayList<>(history));
    }

    /** Whether a rules folder is set and watching it ({@link RulesWatcher}) is not switched off. */
    static boolean watching(Settings settings) {
        return settings.get("tutka.rules.dir").isPresent() && !settings.get(WATCH, "true").strip()
                .equalsIgnoreCase("false");
    }

    private Instant loadedAt() {
        if (loadedAt == null) {
            loadedAt = engine.parts().loadedAt().truncatedTo(ChronoUnit.MILLIS);
        }
        return loadedAt;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void remember(RulesStatus.Reload reload) {
        history.addFirst(reload);
        while (history.size() > HISTORY) {
            history.removeLast();
        }
    }

    /**
     * The errors of a failed reload, one a line: a compile error's lines after its first ("2 error(s) in rules from
     * ..."), or the message itself when it has one line. Identity-code shapes masked, though rules hold none.
     */
    static List<String> errorLines(TutkaException e) {
        String message = e.getMessage();
        String prefix = e.code() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        List<String> lines = new ArrayList<>(Arrays.asList(message.split("\n")));
        if (lines.size() > 1) {
            lines.remove(0);
        }
        lines.replaceAll(Problems::safe);
        lines.removeIf(String::isBlank);
        return lines;
    }
}
