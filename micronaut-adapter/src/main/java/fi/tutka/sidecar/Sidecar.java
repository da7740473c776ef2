package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The sidecar: Tutka as an HTTP service beside a client system, {@code tutka serve}. One engine per process; the API
 * is under {@code /v1}, health under {@code /health}, metrics at {@code /prometheus}, the OpenAPI document at
 * {@code /openapi.yml}.
 */
@OpenAPIDefinition(info = @Info(title = "Tutka sidecar", version = "v1",
        description = "Tags service decisions with research metadata, enforces randomised-trial arms and writes "
                + "pseudonymised records; builds the half-year delivery. Errors are application/problem+json "
                + "(RFC 9457)."))
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Required for everything but /health when tutka.http.token is set")
public final class Sidecar {
    /** The order of the {@code tutka serve} options among the property sources: above every other. */
    static final int COMMAND_LINE_ORDER = 1_000;
    private static final String CONFIG_FILES = "micronaut.config.files";

    private final ApplicationContext context;

    private Sidecar(ApplicationContext context) {
        this.context = context;
    }

    /**
     * Starts the service: reads the configuration (application.yml, the files in {@code micronaut.config.files},
     * environment variables, then {@code options}), builds the engine and starts the HTTP server.
     *
     * @param options settings given on the command line ({@code micronaut.server.port}, {@code tutka.sink.dir},
     *                ...), which win over every other source
     * @param configFile a YAML or properties file of settings, or null
     * @throws fi.tutka.api.TutkaException when the engine cannot be built (rules, settings, stores)
     */
    public static Sidecar start(Map<String, Object> options, Path configFile) {
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--config " + configFile + " is not a file: give a "
                    + "YAML or properties file of settings");
        }
        // Micronaut reads its extra configuration files from this property when the context starts.
        String previous = System.getProperty(CONFIG_FILES);
        if (configFile != null) {
            System.setProperty(CONFIG_FILES, configFile.toAbsolutePath().toString());
        }
        try {
            PropertySource commandLine = PropertySource.of("tutka-serve", options, COMMAND_LINE_ORDER);
            // The settings as the context will read them, now, so that the rules compile while Micronaut starts. An
            // environment of its own: building a context for it would load every bean definition (0.7 s) first.
            Environment settingsOnly = new DefaultEnvironment((ApplicationContextConfiguration) ApplicationContext
                    .builder().deduceEnvironment(false));
            settingsOnly.addPropertySource(commandLine);
            settingsOnly.start();
            Engine.startEarly(EngineSettings.of(settingsOnly), Clock.systemUTC());
            settingsOnly.stop();
            ApplicationContext context;
            try {
                context = new Launcher().mainClass(Sidecar.class).banner(false).deduceEnvironment(false)
                        .propertySources(commandLine).start();
            } finally {
                Engine.abandonEarly();
            }
            try {
                context.getBean(Engine.class).awaitBuilt();
            } catch (RuntimeException e) {
                context.stop();
                throw e;
            }
            return new Sidecar(context);
        } finally {
            if (configFile != null) {
                if (previous == null) {
                    System.clearProperty(CONFIG_FILES);
                } else {
                    System.setProperty(CONFIG_FILES, previous);
                }
            }
        }
    }

    /**
     * Micronaut's start, except that a failure is thrown to the caller (the command line prints the engine's message
     * and exits 2) instead of logged with its stack trace and ending the JVM.
     */
    private static final class Launcher extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof TutkaException tutka) {
                    throw tutka;
                }
            }
            // Not the engine's: the HTTP server's (a port in use, an address not of this machine).
            throw new TutkaException(ErrorCode.CONFIGURATION, "the service did not start: "
                    + Problems.safe(exception.getMessage()) + "; check --port and --host (micronaut.server.port, "
                    + "micronaut.server.host): is another process listening there?");
        }
    }

    /** The address the server listens at, {@code http://127.0.0.1:8080}. */
    public String url() {
        return context.getBean(EmbeddedServer.class).getURL().toString();
    }

    /** Waits until the service has stopped (SIGTERM, or {@link #stop}). */
    public void awaitStop() throws InterruptedException {
        if (context.isRunning()) {
            context.getBean(Stopped.class).latch.await();
        }
    }

    /** Stops taking requests, finishes those in flight, closes the engine. */
    public void stop() {
        context.stop();
    }

    /** Counts down when the application context stops; made at start, so it hears a stop at any time. */
    @Context
    static final class Stopped implements ApplicationEventListener<ShutdownEvent> {
        final CountDownLatch latch = new CountDownLatch(1);

        @Override
        public void onApplicationEvent(ShutdownEvent event) {
            latch.countDown();
        }
    }

    /** The clock trials' states and deliveries are dated by; decisions carry their own time. */
    @Factory
    static final class Clocks {
        @Bean
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
