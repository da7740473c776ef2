package fi.tutka.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command's log lines: text or JSON, no stack trace, identity codes masked; and the levels and format chosen. */
class LoggingTest {
    private static final String CODE = "010190-999P";

    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's Logback provider gives the JVM's context
    }

    @AfterEach
    void clear() {
        System.clearProperty(Logging.FORMAT_PROPERTY);
        context.stop();
    }

    private LoggingEvent event(String message, Throwable thrown, Object... arguments) {
        LoggingEvent event = new LoggingEvent(LoggingTest.class.getName(), context.getLogger("fi.tutka.sidecar.Engine"),
                Level.WARN, message, thrown, arguments);
        event.setInstant(Instant.parse("2026-12-04T16:19:54.361Z"));
        event.setThreadName("tutka-engine-start");
        return event;
    }

    private static String encode(boolean json, LoggingEvent event) {
        return new String(new LogLines(json).encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void aTextLineHasTimeThreadLevelLoggerAndTheMessageWithItsArguments() {
        assertThat(encode(false, event("engine ready in {} ms", null, 805))).isEqualTo("2026-12-04T16:19:54.361Z "
                + "[tutka-engine-start] WARN fi.tutka.sidecar.Engine - engine ready in 805 ms\n");
    }

    @Test
    void aMessageOfSeveralLinesIsOneTextLine() {
        assertThat(encode(false, event("reload failed:\n{}", null, "a.drl:1:2: x\r\nb.drl:3:4: y"))).isEqualTo(
                "2026-12-04T16:19:54.361Z [tutka-engine-start] WARN fi.tutka.sidecar.Engine - reload failed: | "
                        + "a.drl:1:2: x | b.drl:3:4: y\n");
    }

    @Test
    void aJsonLineIsOneObjectWithTheSameFields() {
        assertThat(encode(true, event("said \"{}\"\tthen left", null, "hello"))).isEqualTo("{\"time\":"
                + "\"2026-12-04T16:19:54.361Z\",\"level\":\"WARN\",\"logger\":\"fi.tutka.sidecar.Engine\",\"thread\":"
                + "\"tutka-engine-start\",\"message\":\"said \\\"hello\\\"\\tthen left\"}\n");
    }

    @Test
    void anExceptionIsItsNameAndMessageWithoutAStackTraceAndIdentityCodesAreMaskedEverywhere() {
        LoggingEvent event = event("client {} failed", new IllegalStateException("no vault row for x" + CODE), CODE);

        assertThat(encode(false, event)).isEqualTo("2026-12-04T16:19:54.361Z [tutka-engine-start] WARN "
                + "fi.tutka.sidecar.Engine - client <identity code> failed (IllegalStateException: no vault row for "
                + "x<identity code>)\n");
        assertThat(encode(true, event)).endsWith("\"message\":\"client <identity code> failed\",\"error\":"
                + "\"IllegalStateException: no vault row for x<identity code>\"}\n");
    }

    /** What the configured context writes to standard error for a warning and an information line. */
    private String logged() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new Logging().configure(context);
            context.getLogger("org.h2.Driver").info("not shown: below warn");
            context.getLogger("org.h2.Driver").warn("shown");
            context.getLogger("fi.tutka.sidecar.Rules").info("reloaded");
            context.getLogger("org.drools.compiler.builder.impl.processors.ImmutableGlobalCompilationPhase")
                    .warn("not shown: Tutka reports rule errors itself");
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warningsAndTheSidecarsInformationAreLoggedAsTextByDefault() {
        assertThat(logged().replaceAll("(?m)^\\S+ ", "<time> ")).isEqualTo(
                "<time> [main] WARN org.h2.Driver - shown\n<time> [main] INFO fi.tutka.sidecar.Rules - reloaded\n");
    }

    @Test
    void jsonWhenAsked() {
        System.setProperty(Logging.FORMAT_PROPERTY, "JSON");

        assertThat(logged().replaceAll("\"time\":\"[^\"]+\"", "\"time\":\"<time>\"")).isEqualTo(
                "{\"time\":\"<time>\",\"level\":\"WARN\",\"logger\":\"org.h2.Driver\",\"thread\":\"main\","
                        + "\"message\":\"shown\"}\n{\"time\":\"<time>\",\"level\":\"INFO\",\"logger\":"
                        + "\"fi.tutka.sidecar.Rules\",\"thread\":\"main\",\"message\":\"reloaded\"}\n");
    }

    @Test
    void anUnknownFormatIsNamedAndTextIsUsed() {
        System.setProperty(Logging.FORMAT_PROPERTY, "xml");

        assertThat(logged().replaceAll("(?m)^\\S+ ", "<time> ")).isEqualTo("<time> [main] WARN "
                + "fi.tutka.logging.Logging - TUTKA_LOG_FORMAT (or -Dtutka.log.format) is 'xml': give text or json; "
                + "logging as text\n<time> [main] WARN org.h2.Driver - shown\n<time> [main] INFO fi.tutka.sidecar.Rules"
                + " - reloaded\n");
    }
}
