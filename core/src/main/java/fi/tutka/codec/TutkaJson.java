package fi.tutka.codec;

import fi.tutka.api.ServiceDecision;
import fi.tutka.internal.DecisionReader;
import fi.tutka.internal.RecordWriter;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringWriter;
import java.util.Map;

/**
 * Tutka's JSON: decisions in; records, outcomes and every other Tutka value out. One shared {@link Jsonb}; every
 * Java record is written with its properties in declaration order, in snake_case, without nulls, so the same value
 * always gives the same bytes.
 */
public final class TutkaJson {
    private static final JsonGeneratorFactory GENERATORS = JsonProvider.provider().createGeneratorFactory(Map.of());

    private TutkaJson() {
    }

    /** The shared instance, for hosts that embed Tutka's JSON in their own. */
    public static Jsonb jsonb() {
        return Shared.JSONB;
    }

    /** Made on first use: Tutka's own reading and writing do without it, and it takes a while to start. */
    private static final class Shared {
        // An anonymous subclass keeps the type argument, which is how JSON-B matches a serializer to a type; a
        // serializer for Record serves every record type.
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withSerializers(
                new RecordWriter<Record>() { }));
    }

    /**
     * Reads one decision.
     *
     * @throws fi.tutka.api.TutkaException {@code INVALID_DECISION} naming every offending field by JSON pointer
     */
    public static ServiceDecision readDecision(String json) {
        return DecisionReader.read(json);
    }

    /**
     * Writes a value on one line: a record in CloudEvents JSON structured mode, an outcome, a decision (which holds
     * the identity code: it is input, never output). The same bytes as {@code jsonb().toJson(value)}, without
     * JSON-B's per-call bookkeeping, since this is on every evaluation's path.
     */
    public static String write(Record value) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
            RecordWriter.writeObject(value, generator);
        }
        return out.toString();
    }
}
