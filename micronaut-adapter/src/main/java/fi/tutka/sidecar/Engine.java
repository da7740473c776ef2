package fi.tutka.sidecar;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.providers.JsonLinesRecordSink;
import fi.tutka.providers.Providers;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.Settings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's one engine. Its rules compile and its stores open on a thread of their own from the moment the
 * application starts, while the HTTP server starts beside it: until the engine is built, readiness is down and the
 * API answers 503 (retry). A configuration or rules error stops {@code tutka serve}. The engine is closed after the
 * server has finished the requests in flight.
 *
 * <p>The sidecar makes the providers itself, by the names in the settings as the engine would, so that it can read
 * the ledger for {@code /v1/allocations}, build deliveries from the vault and check the stores for readiness.
 */
@Context
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** The engine, the providers it was built with, and when its rules were loaded. */
    record Parts(Tutka tutka, AllocationStore ledger, IdentityVault vault, RecordSink sink, SinkLag lag,
            Instant loadedAt) {
    }

    /** Asked for the engine while it is still being built. */
    static final class Starting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Starting() {
            super("the engine is still starting", null, false, false);
        }
    }

    /** A build begun before the application context, for its engine to take over: {@link #startEarly}. */
    private record Early(Settings settings, CompletableFuture<Parts> parts) {
    }

    private static final AtomicReference<Early> EARLY = new AtomicReference<>();

    private final Settings settings;
    private final CompletableFuture<Parts> parts;
    private final AtomicBoolean closed = new AtomicBoolean();

    Engine(Environment environment, Clock clock) {
        this.settings = EngineSettings.of(environment);
        Early early = EARLY.getAndSet(null);
        if (early != null && early.settings().asMap().equals(settings.asMap())) {
            parts = early.parts();
        } else {
            if (early != null) {
                closeWhenBuilt(early.parts());
            }
            parts = startBuild(settings, clock);
        }
    }

    /**
     * Begins building the engine before the application context starts, so that the rules compile while Micronaut
     * starts: the context's engine takes the build over when its settings are the same, and otherwise closes it.
     */
    static void startEarly(Settings settings, Clock clock) {
        Early previous = EARLY.getAndSet(new Early(settings, startBuild(settings, clock)));
        if (previous != null) {
            closeWhenBuilt(previous.parts());
        }
    }

    /**
     * Closes an early build that no engine took over (the context did not start), once it is done: nothing of it may
     * go on writing files after {@code tutka serve} has reported its failure.
     */
    static void abandonEarly() {
        Early early = EARLY.getAndSet(null);
        if (early != null) {
            try {
                close(early.parts().join());
            } catch (CompletionException e) {
                // it did not build: there is nothing to close, and the start's own failure is the one to report
            }
        }
    }

    private static CompletableFuture<Parts> startBuild(Settings settings, Clock clock) {
        LOG.debug("engine build begins {} ms after the JVM started",
                System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        CompletableFuture<Parts> parts = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                parts.complete(build(settings, clock));
            } catch (RuntimeException | Error e) {
                parts.completeExceptionally(e);
            }
        }, "tutka-engine-start");
        // Drools finds its parts through the context class loader: the application's, not the caller's.
        builder.setContextClassLoader(Engine.class.getClassLoader());
        builder.start();
        return parts;
    }

    private static void closeWhenBuilt(CompletableFuture<Parts> parts) {
        parts.thenAccept(Engine::close);
    }

    /** The stores, opened beside the rules' compilation. */
    private record Stores(AllocationStore ledger, IdentityVault vault, RecordSink sink) {
    }

    private static Parts build(Settings settings, Clock clock) {
        long start = System.nanoTime();
        KeyProvider keys = Providers.create(KeyProvider.class, settings.get("tutka.keys", "file"), settings, clock,
                "tutka.keys", "Tutka.builder().keyProvider(...)");
        // The stores (Flyway migrations, the record file's lock) open on a second thread while this one compiles the
        // rules; the engine holds them through Deferred until they are there.
        List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Stores> stores = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                stores.complete(open(settings, clock, keys, opened));
            } catch (RuntimeException | Error e) {
                stores.completeExceptionally(e);
            }
        }, "tutka-stores-open");
        opener.setContextClassLoader(Engine.class.getClassLoader());
        opener.start();
        SinkLag lag = new SinkLag(Deferred.of(RecordSink.class, stores.thenApply(Stores::sink)));
        try {
            Tutka tutka = Tutka.builder().settings(settings).clock(clock).keyProvider(keys)
                    .allocationStore(Deferred.of(AllocationStore.class, stores.thenApply(Stores::ledger)))
                    .identityVault(Deferred.of(IdentityVault.class, stores.thenApply(Stores::vault)))
                    .recordSink(lag).build();
            Stores open = Deferred.join(stores);
            LOG.info("engine ready in {} ms ({} ms after the JVM started): {} rules, version {}; {} trial(s); "
                    + "records in {}", (System.nanoTime() - start) / 1_000_000,
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime(), tutka.ruleCount(),
                    tutka.rulesetVersion(), tutka.trials().size(), recordsFolder(settings));
            return new Parts(tutka, open.ledger(), open.vault(), open.sink(), lag, clock.instant());
        } catch (RuntimeException e) {
            try {
                stores.join();
            } catch (CompletionException ignored) {
                // the rules' failure is the one to report; what opened is closed below either way
            }
            List<AutoCloseable> close = new ArrayList<>(opened);
            Collections.reverse(close);
            closeAll(close, e);
            throw e;
        }
    }

    private static Stores open(Settings settings, Clock clock, KeyProvider keys, List<AutoCloseable> opened) {
        AllocationStore ledger = opened(opened, Providers.create(AllocationStore.class,
                settings.get("tutka.allocations", "jdbc"), settings, clock, "tutka.allocations",
                "Tutka.builder().allocationStore(...)"));
        IdentityVault vault = opened(opened, Providers.create(IdentityVault.class, settings.get("tutka.vault", "jdbc"),
                settings, clock, keys, "tutka.vault", "Tutka.builder().identityVault(...)"));
        RecordSink sink = opened(opened, Providers.create(RecordSink.class, settings.get("tutka.sink", "jsonl"),
                settings, clock, "tutka.sink", "Tutka.builder().recordSink(...)"));
        return new Stores(ledger, vault, sink);
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /**
     * Waits until the engine is built.
     *
     * @throws TutkaException why it could not be built
     */
    void awaitBuilt() {
        try {
            parts.join();
        } catch (CompletionException e) {
            throw failure(e.getCause());
        }
    }

    /** Whether the engine is built and usable. */
    boolean ready() {
        return parts.isDone() && !parts.isCompletedExceptionally();
    }

    /**
     * The engine and its providers.
     *
     * @throws Starting while they are still being built
     */
    Parts parts() {
        Parts built = parts.getNow(null);
        if (built == null) {
            if (!parts.isDone()) {
                throw new Starting();
            }
            awaitBuilt();
        }
        return built;
    }

    Tutka tutka() {
        return parts().tutka();
    }

    AllocationStore ledger() {
        return parts().ledger();
    }

    IdentityVault vault() {
        return parts().vault();
    }

    Settings settings() {
        return settings;
    }

    /** The folder the JSON Lines sink writes, which deliveries read. */
    Path recordsFolder() {
        return recordsFolder(settings);
    }

    private static Path recordsFolder(Settings settings) {
        return Path.of(settings.get(EngineSettings.RECORDS, EngineSettings.DEFAULT_RECORDS));
    }

    /** Whether the sink can take records: for the JSON Lines sink, its file is there and writable. */
    boolean sinkWritable() {
        return !(parts().sink() instanceof JsonLinesRecordSink file) || Files.isWritable(file.file());
    }

    private static TutkaException failure(Throwable cause) {
        if (cause instanceof TutkaException tutka) {
            return tutka;
        }
        return new TutkaException(ErrorCode.CONFIGURATION, "the engine could not be built: "
                + Problems.safe(cause.getMessage()), cause);
    }

    /** Closes the engine, then the sink (its last fsync), the vault and the ledger; waits for a build under way. */
    @PreDestroy
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Parts built;
        try {
            built = parts.join();
        } catch (CompletionException e) {
            return;
        }
        close(built);
    }

    private static void close(Parts built) {
        RuntimeException failure = null;
        try {
            built.tutka().close();
        } catch (RuntimeException e) {
            failure = e;
        }
        closeAll(List.of(built.sink(), built.vault(), built.ledger()), failure);
        if (failure != null) {
            LOG.error("closing the engine failed: {}", Problems.safe(failure.getMessage()));
        } else {
            LOG.info("engine closed: records flushed");
        }
    }

    private static void closeAll(List<AutoCloseable> closeables, RuntimeException failure) {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    LOG.error("closing {} failed: {}", closeable, Problems.safe(e.getMessage()));
                }
            }
        }
    }
}
