package fi.tutka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import fi.tutka.api.ServiceDecision;
import fi.tutka.codec.TutkaJson;
import fi.tutka.spi.TutkaRecord;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Emitted records and the decision's JSON form validate against the JSON Schemas shipped in tutka-core. */
class SchemaTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema schema(String name) {
        InputStream in = SchemaTest.class.getResourceAsStream("/fi/tutka/schemas/" + name);
        assertThat(in).as(name).isNotNull();
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    }

    static Set<ValidationMessage> validate(JsonSchema schema, String json) throws Exception {
        return schema.validate(MAPPER.readTree(json));
    }

    @Test
    void emittedServiceEventsValidate() throws Exception {
        List<TutkaRecord> written = new CopyOnWriteArrayList<>();
        try (Tutka tutka = TutkaTest.engine(TutkaTest.rules("test.drl", TutkaTest.RULES), written::addAll)) {
            tutka.evaluate(TestDecisions.valid("S-1"));
            ServiceDecision valid = TestDecisions.valid("S-2");
            tutka.evaluate(new ServiceDecision("S-2", "179", valid.clientId(), valid.eventType(), "UNKNOWN",
                    valid.decisionDate(), null, null, null, null, valid.decisionTime(), valid.client()));
        }
        JsonSchema schema = schema("service-event.schema.json");
        for (TutkaRecord record : written) {
            assertThat(validate(schema, TutkaJson.write(record))).isEmpty();
        }
    }

    @Test
    void theSchemaRejectsARecordWithAnIdentityCodeShapedSubjectOrExtraData() throws Exception {
        List<TutkaRecord> written = new CopyOnWriteArrayList<>();
        try (Tutka tutka = TutkaTest.engine(TutkaTest.rules("test.drl", TutkaTest.RULES), written::addAll)) {
            tutka.evaluate(TestDecisions.valid("S-3"));
        }
        String json = TutkaJson.write(written.get(0));
        JsonSchema schema = schema("service-event.schema.json");

        assertThat(validate(schema, json.replaceFirst("\"subject\":\"[0-9a-f]{64}\"",
                "\"subject\":\"" + TestDecisions.CLIENT_ID + "\""))).extracting(ValidationMessage::getInstanceLocation)
                .extracting(Object::toString).containsExactly("/subject");
        assertThat(validate(schema, json.replace("\"data\":{", "\"data\":{\"name\":\"Matti\",")))
                .extracting(ValidationMessage::getMessageKey).containsExactly("additionalProperties");
    }

    @Test
    void theSchemasRefuseFreeTextWhereACodeBelongs() throws Exception {
        List<TutkaRecord> written = new CopyOnWriteArrayList<>();
        try (Tutka tutka = TutkaTest.engine(TutkaTest.rules("test.drl", TutkaTest.RULES), written::addAll)) {
            tutka.evaluate(TestDecisions.valid("S-6"));
        }
        String text = "\"Matti Meikäläinen, Kauppakatu 1 A 2, 40100 Jyväskylä\"";
        String record = TutkaJson.write(written.get(0));
        assertThat(validate(schema("service-event.schema.json"), record.replace("\"earnings_related\"", text)
                .replace("\"local_service_code\":\"PT50\"", "\"local_service_code\":" + text)))
                .extracting(m -> m.getInstanceLocation().toString())
                .containsExactlyInAnyOrder("/data/benefit_type", "/data/local_service_code");

        String decision = TutkaJson.write(TestDecisions.valid("S-7"));
        assertThat(validate(schema("decision.schema.json"), decision.replace("\"earnings_related\"", text)
                .replace("\"service_code\":\"PT50\"", "\"service_code\":\"" + "X".repeat(33) + "\"")
                .replace("\"language_group\":\"fi\"", "\"language_group\":\"-fi\"")))
                .extracting(m -> m.getInstanceLocation().toString())
                .containsExactlyInAnyOrder("/client/benefit_type", "/service_code", "/client/language_group");
    }

    @Test
    void theDecisionsJsonFormValidates() throws Exception {
        JsonSchema schema = schema("decision.schema.json");
        String json = TutkaJson.write(TestDecisions.valid("S-4"));

        assertThat(validate(schema, json)).isEmpty();
        assertThat(validate(schema, json.replace("\"decision_time\":\"2026-03-02T07:15:00Z\"",
                "\"decision_time\":\"2026-03-02T09:15:00\""))).extracting(m -> m.getInstanceLocation().toString())
                .containsOnly("/decision_time");
    }

    @Test
    void theDecisionSchemaWantsStrictTimesAndFourDigitYearsInRange() throws Exception {
        JsonSchema schema = schema("decision.schema.json");
        String json = TutkaJson.write(TestDecisions.valid("S-5"));

        for (String time : new String[] {"+12026-03-02T07:15:00Z", "2026-03-02T09:15+02:00", "2026-03-02T07:15Z"}) {
            assertThat(validate(schema, json.replace("2026-03-02T07:15:00Z", time))).as(time)
                    .extracting(m -> m.getInstanceLocation().toString()).containsOnly("/decision_time");
        }
        assertThat(validate(schema, json.replace("2026-03-02T07:15:00Z", "2026-03-02T07:15:00.123456789z")))
                .isEmpty();
        assertThat(validate(schema, json.replace("\"start_date\":\"2026-03-09\"", "\"start_date\":\"1999-03-09\"")
                .replace("\"unemployment_start\":\"2025-01-10\"", "\"unemployment_start\":\"1899-01-10\"")))
                .extracting(m -> m.getInstanceLocation().toString())
                .containsOnly("/start_date", "/client/unemployment_start");
    }
}
