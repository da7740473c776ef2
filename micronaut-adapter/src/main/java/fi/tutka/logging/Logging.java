package fi.tutka.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * The {@code tutka} command's logging, on standard error: warnings and errors, and the sidecar's own information
 * (its start, reloads, readiness changes), one line an event ({@link LogLines}). The format is text unless
 * {@code TUTKA_LOG_FORMAT=json} (or {@code -Dtutka.log.format=json}) asks for one JSON object a line, for a log
 * collector. A Logback configuration file ({@code -Dlogback.configurationFile=...}) replaces all this; the sidecar's
 * {@code logger.levels.*} settings change levels.
 */
@ConfiguratorRank(ConfiguratorRank.FALLBACK + 1) // after Logback's own search for a configuration file
public final class Logging extends ContextAwareBase implements Configurator {
    static final String FORMAT_VARIABLE = "TUTKA_LOG_FORMAT";
    static final String FORMAT_PROPERTY = "tutka.log.format";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getProperty(FORMAT_PROPERTY, System.getenv(FORMAT_VARIABLE));
        boolean json = "json".equalsIgnoreCase(format);
        LogLines lines = new LogLines(json);
        lines.setContext(context);
        lines.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(lines);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("fi.tutka.sidecar").setLevel(Level.INFO);
        // Drools logs every rule compile error itself; Tutka reports them with file, line and column.
        context.getLogger("org.drools.compiler.builder.impl.processors.ImmutableGlobalCompilationPhase")
                .setLevel(Level.ERROR);
        if (format != null && !json && !"text".equalsIgnoreCase(format)) {
            context.getLogger(Logging.class).warn("{} (or -D{}) is '{}': give text or json; logging as text",
                    FORMAT_VARIABLE, FORMAT_PROPERTY, format.toLowerCase(Locale.ROOT));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
