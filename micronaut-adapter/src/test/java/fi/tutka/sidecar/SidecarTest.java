package fi.tutka.sidecar;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A sidecar on an embedded server for the tests of one class, annotated {@code @MicronautTest}: on a random port, with
 * its records, key file, ledger and vault in {@link #dir} ({@link Decisions#settings}), which is deleted after the
 * class's tests. A test class gives the settings particular to it in {@link #settings()}; {@link #http} is a client
 * of the server, with the service's token ({@code tutka.http.token}) when it has one, made once the engine is built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SidecarTest implements TestPropertyProvider {
    final Path dir = Decisions.tempDir();

    @Inject
    EmbeddedServer server;

    @Inject
    Engine engine;

    Http http;

    /** The settings particular to the test class, over those of {@link Decisions#settings}; none by default. */
    Map<String, String> settings() {
        return Map.of();
    }

    @Override
    public final Map<String, String> getProperties() {
        Map<String, String> settings = Decisions.settings(dir);
        settings.putAll(settings());
        return settings;
    }

    @BeforeAll
    void ready() {
        engine.awaitBuilt();
        http = new Http(server.getURL().toString(),
                server.getApplicationContext().getProperty("tutka.http.token", String.class).orElse(null));
    }

    /** Stops the service first: closing the engine writes the ledger's and vault's files, which would stay. */
    @AfterAll
    void clean() {
        server.getApplicationContext().stop();
        Decisions.delete(dir);
    }
}
