package fi.tutka.internal;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.EventType;
import fi.tutka.api.FieldError;
import fi.tutka.api.Funding;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import jakarta.json.JsonConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a decision's JSON form, collecting every type and format error with its JSON pointer, then makes the same
 * structural checks as for Java callers ({@link DecisionValidator}).
 */
public final class DecisionReader {
    private static final Set<String> DECISION_FIELDS = Set.of("decision_id", "area", "client_id", "event_type",
            "service_code", "decision_date", "start_date", "end_date", "cost", "funding", "decision_time", "client");
    private static final Set<String> CLIENT_FIELDS = Set.of("municipality", "jobseeker_status",
            "unemployment_start", "education_level", "language_group", "benefit_type", "graduation_date");

    // Json.createParser looks the provider up with ServiceLoader on every call; one factory avoids that. A parser
    // rather than a JsonReader, because a reader stops after the first value and ignores whatever follows it. A name
    // given twice ({"area":"179","area":"17"}) is rejected rather than silently taking the last value.
    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    /** The message for a date-time that would be RFC 3339 with an offset. */
    static final String NO_OFFSET = "has no offset: give the time zone, such as 2026-03-02T09:15:00+02:00 or ...Z";
    /** The message for any other text that is not an RFC 3339 date-time. */
    static final String NOT_RFC3339 = "must be an RFC 3339 date-time: YYYY-MM-DDThh:mm:ss, an optional fraction of a "
            + "second, then Z or the offset, such as 2026-03-02T09:15:00+02:00";

    private DecisionReader() {
    }

    /** @throws TutkaException {@code INVALID_DECISION} naming every offending field */
    public static ServiceDecision read(String json) {
        JsonValue value;
        try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new IllegalStateException("more after the first value");
            }
        } catch (RuntimeException e) {
            // JsonParsingException, trailing content, and what Parsson throws for input nested over 1,000 deep
            // (RuntimeException) or a number it cannot hold (NumberFormatException). The parser's own message may
            // quote the input, which can hold an identity code: say no more.
            throw TutkaException.invalidDecision(List.of(new FieldError("", "not valid JSON")));
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw TutkaException.invalidDecision(List.of(new FieldError("", "must be a JSON object")));
        }
        JsonObject object = value.asJsonObject();
        List<FieldError> errors = new ArrayList<>();
        Fields d = new Fields(object, "", errors);
        d.rejectUnknown(DECISION_FIELDS);
        ClientSnapshot client = null;
        JsonObject clientObject = d.object("client");
        if (clientObject != null) {
            Fields c = new Fields(clientObject, "/client", errors);
            c.rejectUnknown(CLIENT_FIELDS);
            client = new ClientSnapshot(c.string("municipality"), c.string("jobseeker_status"),
                    c.date("unemployment_start"), c.string("education_level"), c.string("language_group"),
                    c.string("benefit_type"), c.date("graduation_date"));
        }
        ServiceDecision decision = new ServiceDecision(d.string("decision_id"), d.string("area"),
                d.string("client_id"), d.choice("event_type", EventType.class), d.string("service_code"),
                d.date("decision_date"), d.date("start_date"), d.date("end_date"), d.decimal("cost"),
                d.choice("funding", Funding.class), d.instant("decision_time"), client);
        DecisionValidator.validate(decision, errors);
        if (!errors.isEmpty()) {
            throw TutkaException.invalidDecision(errors);
        }
        return decision;
    }

    /** Typed reads from one JSON object; a wrong type records an error and reads as null. */
    private static final class Fields {
        private final JsonObject object;
        private final String prefix;
        private final List<FieldError> errors;

        Fields(JsonObject object, String prefix, List<FieldError> errors) {
            this.object = object;
            this.prefix = prefix;
            this.errors = errors;
        }

        void rejectUnknown(Set<String> known) {
            for (String key : object.keySet()) {
                if (!known.contains(key)) {
                    errors.add(new FieldError(prefix + "/" + escape(key), "is not a known field"));
                }
            }
        }

        private JsonValue value(String name) {
            JsonValue value = object.get(name);
            return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
        }

        String string(String name) {
            JsonValue value = value(name);
            if (value == null) {
                return null;
            }
            if (value instanceof JsonString s) {
                return s.getString();
            }
            error(name, "must be a string");
            return null;
        }

        JsonObject object(String name) {
            JsonValue value = value(name);
            if (value == null) {
                return null;
            }
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                return value.asJsonObject();
            }
            error(name, "must be an object");
            return null;
        }

        LocalDate date(String name) {
            String text = string(name);
            if (text == null) {
                return null;
            }
            LocalDate date = isoDate(text);
            if (date == null) {
                error(name, "must be a real date as YYYY-MM-DD");
            }
            return date;
        }

        /** {@code YYYY-MM-DD} read by hand: the formatter is several times slower, and this runs per field. */
        private static LocalDate isoDate(String text) {
            if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
                return null;
            }
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (year < 0 || month < 0 || day < 0) {
                return null;
            }
            try {
                return LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return null;
            }
        }

        private static int digits(String text, int from, int to) {
            int value = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        Instant instant(String name) {
            String text = string(name);
            if (text == null) {
                return null;
            }
            Instant instant = rfc3339(text);
            if (instant == null) {
                error(name, hasNoOffset(text) ? NO_OFFSET : NOT_RFC3339);
            }
            return instant;
        }

        /**
         * RFC 3339's date-time, read strictly: {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of up to nine
         * digits, then {@code Z} or {@code +hh:mm}/{@code -hh:mm} ({@code T} and {@code Z} in either case). No
         * other year (a sign, five digits), no time without seconds. Null when it is not one, or not a real time.
         */
        static Instant rfc3339(String text) {
            int end = localDateTimeEnd(text);
            if (end < 0) {
                return null;
            }
            int rest = text.length() - end;
            char c = rest > 0 ? text.charAt(end) : ' ';
            boolean zulu = rest == 1 && (c == 'Z' || c == 'z');
            boolean offset = rest == 6 && (c == '+' || c == '-') && isDigit(text.charAt(end + 1))
                    && isDigit(text.charAt(end + 2)) && text.charAt(end + 3) == ':' && isDigit(text.charAt(end + 4))
                    && isDigit(text.charAt(end + 5));
            if (!zulu && !offset) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /**
         * Where {@code YYYY-MM-DDThh:mm:ss} and its optional fraction end in {@code text}, or -1 when it does not
         * start with them.
         */
        private static int localDateTimeEnd(String text) {
            if (text.length() < 19) {
                return -1;
            }
            for (int i = 0; i < 19; i++) {
                char c = text.charAt(i);
                boolean ok = switch (i) {
                    case 4, 7 -> c == '-';
                    case 10 -> c == 'T' || c == 't';
                    case 13, 16 -> c == ':';
                    default -> isDigit(c);
                };
                if (!ok) {
                    return -1;
                }
            }
            int end = 19;
            if (end < text.length() && text.charAt(end) == '.') {
                int digits = 0;
                while (end + 1 + digits < text.length() && isDigit(text.charAt(end + 1 + digits))) {
                    digits++;
                }
                if (digits == 0 || digits > 9) {
                    return -1;
                }
                end += 1 + digits;
            }
            return end;
        }

        BigDecimal decimal(String name) {
            JsonValue value = value(name);
            if (value == null) {
                return null;
            }
            if (value instanceof JsonNumber n) {
                BigDecimal number = n.bigDecimalValue();
                // 1E+3 stays 1000 on the way out: records carry plain numbers.
                return number.scale() < 0 ? number.setScale(0) : number;
            }
            error(name, "must be a number");
            return null;
        }

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            String text = string(name);
            if (text == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.toString().equals(text)) {
                    return constant;
                }
            }
            error(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", ")));
            return null;
        }

        private void error(String name, String message) {
            errors.add(new FieldError(prefix + "/" + name, message));
        }

        /** Whether the text is an RFC 3339 date-time but for its missing offset. */
        private static boolean hasNoOffset(String text) {
            if (localDateTimeEnd(text) != text.length()) {
                return false;
            }
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static String escape(String key) {
            // RFC 6901. An unknown name is masked, then shortened, in case a client system put personal data in it;
            // masking first, so that the cut cannot leave part of a code unmasked.
            String masked = Redact.identityCodesAnywhere(key);
            String shown = masked.length() > 40 ? masked.substring(0, 40) + "..." : masked;
            return shown.replace("~", "~0").replace("/", "~1");
        }
    }
}
