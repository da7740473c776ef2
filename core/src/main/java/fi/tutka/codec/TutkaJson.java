package fi.tutka.codec;

import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.internal.DecisionReader;
import fi.tutka.internal.RecordWriter;
import fi.tutka.spi.TutkaRecord;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * Tutka's JSON: decisions in, records and outcomes out. One shared {@link Jsonb}; every object is written with its
 * properties in declaration order, in snake_case, without nulls, so the same value always gives the same bytes.
 */
public final class TutkaJson {
    // Anonymous subclasses keep the type argument, which is how JSON-B matches a serializer to a type.
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withSerializers(
            new RecordWriter<TutkaRecord>() { },
            new RecordWriter<ServiceDecision>() { },
            new RecordWriter<Outcome>() { }));

    private TutkaJson() {
    }

    /** The shared instance, for hosts that embed Tutka's JSON in their own. */
    public static Jsonb jsonb() {
        return JSONB;
    }

    /**
     * Reads one decision.
     *
     * @throws fi.tutka.api.TutkaException {@code INVALID_DECISION} naming every offending field by JSON pointer
     */
    public static ServiceDecision readDecision(String json) {
        return DecisionReader.read(json);
    }

    /** A decision's JSON form, as client systems send it (it holds the identity code: it is input, not output). */
    public static String write(ServiceDecision decision) {
        return JSONB.toJson(decision);
    }

    /** A record in CloudEvents JSON structured mode, on one line. */
    public static String write(TutkaRecord record) {
        return JSONB.toJson(record);
    }

    public static String write(Outcome outcome) {
        return JSONB.toJson(outcome);
    }
}
