package fi.tutka.sidecar;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rules folder ({@code tutka.rules.dir}, and the folders in it) and reloads the rules when a file in it
 * changes, unless {@code tutka.rules.watch=false}. Saves close together are one reload: it runs once nothing has
 * changed for {@link #QUIET_MILLIS}. A failed reload is logged and listed by {@code /v1/rules}; the rules in use
 * stay. The watch runs on a daemon thread of its own, from when the engine is built.
 */
@Context
final class RulesWatcher {
    static final long QUIET_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);

    private final Engine engine;
    private final Rules rules;
    private final WatchService watcher;
    private final CountDownLatch started = new CountDownLatch(1);

    RulesWatcher(Engine engine, Rules rules) {
        this.engine = engine;
        this.rules = rules;
        WatchService service = null;
        if (Rules.watching(engine.settings())) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                LOG.warn("the rules folder is not watched: {}", Problems.safe(e.getMessage()));
            }
        }
        this.watcher = service;
        if (watcher != null) {
            Thread thread = new Thread(this::run, "tutka-rules-watch");
            thread.setDaemon(true);
            thread.setContextClassLoader(RulesWatcher.class.getClassLoader());
            thread.start();
        }
    }

    private void run() {
        try {
            engine.awaitBuilt();
        } catch (RuntimeException e) {
            return; // the start fails and says why
        }
        Path folder = Path.of(engine.settings().get("tutka.rules.dir").orElseThrow());
        try {
            registerAll(folder);
            started.countDown();
            LOG.info("watching the rules folder {}", folder);
            while (true) {
                WatchKey key = watcher.take();
                boolean changed = drain(key);
                // Saves close together (an editor's temporary file and rename, a copy of many files) are one reload.
                for (WatchKey next; (next = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    changed |= drain(next);
                }
                if (changed) {
                    try {
                        rules.reload("watch");
                    } catch (Rules.Failed e) {
                        // logged and listed by Rules
                    } catch (RuntimeException e) {
                        LOG.error("reloading the rules failed: {}", Problems.safe(e.getMessage()));
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // the service stops
        } catch (IOException e) {
            LOG.warn("the rules folder {} is not watched: {}", folder, Problems.safe(e.getMessage()));
        }
    }

    /** The key's events; a folder made in the rules folder is watched too. Whether anything changed. */
    private boolean drain(WatchKey key) throws IOException {
        boolean changed = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            changed = true;
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && key.watchable() instanceof Path parent) {
                Path created = parent.resolve((Path) event.context());
                if (Files.isDirectory(created)) {
                    registerAll(created);
                }
            }
        }
        if (!key.reset()) {
            changed = true; // a watched folder went away: its files are gone from the rules
        }
        return changed;
    }

    private void registerAll(Path folder) throws IOException {
        try (Stream<Path> folders = Files.walk(folder)) {
            for (Path each : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) {
                each.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    /** Waits until the folder is watched: a change after it is seen. Whether it is, within the time. */
    boolean awaitWatching(long millis) throws InterruptedException {
        return started.await(millis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
    }
}
