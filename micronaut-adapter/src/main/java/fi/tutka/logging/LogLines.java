package fi.tutka.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import fi.tutka.internal.Redact;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * One line per event, as text or as a JSON object, never with a stack trace and with anything shaped like a personal
 * identity code masked, in the message and in an exception's: a log is read by more people than the records are.
 *
 * <pre>
 * 2026-12-04T16:19:54.361Z [tutka-engine-start] INFO fi.tutka.sidecar.Engine - engine ready in 1287 ms ...
 * {"time":"2026-12-04T16:19:54.361Z","level":"INFO","logger":"fi.tutka.sidecar.Engine",
 *  "thread":"tutka-engine-start","message":"engine ready in 1287 ms ..."}
 * </pre>
 *
 * A text line's message keeps to one line: its line breaks become {@code " | "}. An exception adds its class's simple
 * name and message: {@code (IllegalStateException: boom)} to a text line,
 * {@code "error":"IllegalStateException: boom"} to a JSON one.
 */
public final class LogLines extends EncoderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final byte[] NONE = new byte[0];
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");

    private final boolean json;

    /** @param json JSON objects, or text lines */
    public LogLines(boolean json) {
        this.json = json;
    }

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String time = TIME.format(Instant.ofEpochMilli(event.getTimeStamp()));
        String message = Redact.identityCodesAnywhere(event.getFormattedMessage());
        String error = error(event.getThrowableProxy());
        String line = json ? json(event, time, message, error)
                : oneLine(time + " [" + event.getThreadName() + "] " + event.getLevel() + ' ' + event.getLoggerName()
                        + " - " + message + (error == null ? "" : " (" + error + ")"));
        return (line + '\n').getBytes(StandardCharsets.UTF_8);
    }

    private static String json(ILoggingEvent event, String time, String message, String error) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = Json.createGenerator(out)) {
            generator.writeStartObject().write("time", time).write("level", event.getLevel().toString())
                    .write("logger", event.getLoggerName()).write("thread", event.getThreadName())
                    .write("message", message);
            if (error != null) {
                generator.write("error", error);
            }
            generator.writeEnd();
        }
        return out.toString();
    }

    /** A text line stays one line: a message's own line breaks become {@code " | "}. */
    private static String oneLine(String text) {
        return LINE_BREAK.matcher(text).replaceAll(" | ");
    }

    /** {@code IllegalStateException: boom}, identity codes masked; null without an exception. */
    private static String error(IThrowableProxy thrown) {
        if (thrown == null) {
            return null;
        }
        String className = thrown.getClassName();
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        return Redact.identityCodesAnywhere(thrown.getMessage() == null ? simpleName
                : simpleName + ": " + thrown.getMessage());
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }
}
