package fi.tutka.cli;

import fi.tutka.internal.ServedAreas;
import fi.tutka.sidecar.Sidecar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code tutka serve}: the HTTP sidecar in this JVM, until SIGTERM. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs Tutka as an HTTP service (the sidecar): POST /v1/decisions and the rest of the /v1 API, "
                + "/health, /prometheus, /openapi.yml. Settings come from application.yml (--config), environment "
                + "variables (TUTKA_SINK_DIR, TUTKA_HTTP_TOKEN, ...) and these options, which win. Stops on SIGTERM "
                + "after finishing the requests in flight.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default: 8080).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to listen on (default: 127.0.0.1, this machine only).")
    String host;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML or properties file of settings (micronaut.*, tutka.*).")
    Path config;

    @Option(names = "--recipient", paramLabel = "FILE",
            description = "X.509 certificate deliveries' linkage files are encrypted to (tutka.delivery.recipient).")
    Path recipient;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> options = options(spec.commandLine().getParseResult());
        Sidecar sidecar = Sidecar.start(options, config);
        PrintWriter err = spec.commandLine().getErr();
        err.println("tutka: serving at " + sidecar.url() + " (stop with SIGTERM or Ctrl-C)");
        err.flush();
        sidecar.awaitStop();
        return 0;
    }

    /**
     * The options given, as the settings they stand for; those not given are left to the configuration, whose
     * defaults are the other commands' ({@link EngineOptions}).
     */
    Map<String, Object> options(ParseResult parsed) {
        Map<String, Object> options = new TreeMap<>();
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a port: give one from 1 to "
                    + "65535");
        }
        if (port != null) {
            options.put("micronaut.server.port", port);
        }
        if (host != null) {
            options.put("micronaut.server.host", host);
        }
        if (recipient != null) {
            options.put("tutka.delivery.recipient", recipient.toString());
        }
        if (parsed.hasMatchedOption("--records")) {
            options.put("tutka.sink.dir", engine.records.toString());
        }
        if (parsed.hasMatchedOption("--keys")) {
            options.put("tutka.keys.file", engine.keys.toString());
        }
        if (engine.rules != null) {
            options.put("tutka.rules.dir", engine.rules.toString());
        }
        if (engine.areas != null) {
            options.put(ServedAreas.SETTING, engine.servedAreas());
        }
        if (engine.ledger.url != null) {
            options.put("tutka.allocations.url", engine.ledger.url);
        }
        if (engine.ledger.user != null) {
            options.put("tutka.allocations.user", engine.ledger.user);
        }
        if (engine.vault.url != null) {
            options.put("tutka.vault.url", engine.vault.url);
        }
        if (engine.vault.user != null) {
            options.put("tutka.vault.user", engine.vault.user);
        }
        return options;
    }
}
