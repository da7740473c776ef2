package fi.tutka.sidecar;

import fi.tutka.Tutka;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's one engine, built when the application starts (a configuration or rules error stops the start) and
 * closed after the server has finished the requests in flight. The sidecar makes the providers itself, by the names in
 * the settings as the engine would, so that it can read the ledger for {@code /v1/allocations}, build deliveries
 * from the vault and check the stores for readiness.
 */
@Context
final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Settings settings;
    private final KeyProvider keys;
    private final AllocationStore ledger;
    private final IdentityVault vault;
    private final RecordSink sink;
    private final Tutka tutka;
    private final AtomicBoolean closed = new AtomicBoolean();

    Engine(Environment environment, Clock clock) {
        this.settings = EngineSettings.of(environment);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            keys = Providers.create(KeyProvider.class, settings.get("tutka.keys", "file"), settings, clock,
                    "tutka.keys", "Tutka.builder().keyProvider(...)");
            ledger = opened(opened, Providers.create(AllocationStore.class, settings.get("tutka.allocations", "jdbc"),
                    settings, clock, "tutka.allocations", "Tutka.builder().allocationStore(...)"));
            vault = opened(opened, Providers.create(IdentityVault.class, settings.get("tutka.vault", "jdbc"), settings,
                    clock, keys, "tutka.vault", "Tutka.builder().identityVault(...)"));
            sink = opened(opened, Providers.create(RecordSink.class, settings.get("tutka.sink", "jsonl"), settings,
                    clock, "tutka.sink", "Tutka.builder().recordSink(...)"));
            tutka = Tutka.builder().settings(settings).clock(clock).keyProvider(keys).allocationStore(ledger)
                    .identityVault(vault).recordSink(sink).build();
        } catch (RuntimeException e) {
            Collections.reverse(opened);
            closeAll(opened, e);
            throw e;
        }
        LOG.info("rules compiled: {} rules, version {}; {} trial(s); records in {}", tutka.ruleCount(),
                tutka.rulesetVersion(), tutka.trials().size(), recordsFolder());
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T closeable) {
        opened.add(closeable);
        return closeable;
    }

    Tutka tutka() {
        return tutka;
    }

    Settings settings() {
        return settings;
    }

    AllocationStore ledger() {
        return ledger;
    }

    IdentityVault vault() {
        return vault;
    }

    RecordSink sink() {
        return sink;
    }

    /** The folder the JSON Lines sink writes, which deliveries read. */
    Path recordsFolder() {
        return Path.of(settings.get(EngineSettings.RECORDS, EngineSettings.DEFAULT_RECORDS));
    }

    /** Whether the sink can take records: for the JSON Lines sink, its file is there and writable. */
    boolean sinkWritable() {
        return !(sink instanceof JsonLinesRecordSink file) || Files.isWritable(file.file());
    }

    /** Closes the engine, then the sink (its last fsync), the vault and the ledger. */
    @PreDestroy
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        try {
            tutka.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        closeAll(List.of(sink, vault, ledger), failure);
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
