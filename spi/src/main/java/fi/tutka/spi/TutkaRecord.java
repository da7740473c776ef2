package fi.tutka.spi;

import java.time.Instant;

/**
 * One emitted record: a CloudEvents 1.0 envelope around record data, serialised in JSON structured mode.
 *
 * @param id              deterministic from area, decision id and record type: a re-sent decision gives the same id
 * @param source          {@code urn:tutka:area:<area>}
 * @param specversion     always {@code 1.0}
 * @param type            the record type, {@code fi.tutka.service-event.v1}
 * @param time            the decision time, UTC
 * @param subject         the client's pseudonym
 * @param dataschema      URI of the JSON Schema of {@code data}
 * @param datacontenttype always {@code application/json}
 * @param data            the record's data, minimised
 */
public record TutkaRecord(
        String id,
        String source,
        String specversion,
        String type,
        Instant time,
        String subject,
        String dataschema,
        String datacontenttype,
        RecordData data) {
}
