package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    /**
     * Vectors from {@code python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("5b7f3c1e-9a4d-4f2b-8c6e-1d0a7e3b9f42"),
     * "179/D-1/fi.tutka.service-event.v1"))'}.
     */
    @Test
    void matchesPythonsUuid5() {
        assertThat(RecordIds.of("179", "D-1", "fi.tutka.service-event.v1"))
                .isEqualTo("16ac83bb-40cd-503a-b27b-80443b230904");
        assertThat(RecordIds.of("179", "D-1", "fi.tutka.trial-allocation.v1"))
                .isEqualTo("7c8c0058-5fab-5467-b96e-710c49b7597c");
        assertThat(RecordIds.of("837", "D-2", "fi.tutka.service-event.v1"))
                .isEqualTo("4b2c1e95-f0fb-52a6-9ffa-62b7644612d9");
        // the name is UTF-8, as in Python
        assertThat(RecordIds.of("179", "Päätös-ä", "x")).isEqualTo("6b21f65d-f338-5390-b6b8-ceb6903d1970");
    }

    @Test
    void theNamespaceIsTheDocumentedOne() {
        assertThat(RecordIds.NAMESPACE).isEqualTo(UUID.fromString("5b7f3c1e-9a4d-4f2b-8c6e-1d0a7e3b9f42"));
    }

    @Test
    void version5AndTheRfc4122Variant() {
        for (String decision : new String[] {"D-1", "D-2", "x", "2026:00017", ""}) {
            UUID id = UUID.fromString(RecordIds.of("179", decision, "fi.tutka.service-event.v1"));
            assertThat(id.version()).isEqualTo(5);
            assertThat(id.variant()).isEqualTo(2);
        }
    }

    @Test
    void aResentDecisionGetsTheSameIdAndOtherPartsChangeIt() {
        String id = RecordIds.of("179", "D-1", "fi.tutka.service-event.v1");
        assertThat(RecordIds.of("179", "D-1", "fi.tutka.service-event.v1")).isEqualTo(id);
        assertThat(RecordIds.of("180", "D-1", "fi.tutka.service-event.v1")).isNotEqualTo(id);
        assertThat(RecordIds.of("179", "D-2", "fi.tutka.service-event.v1")).isNotEqualTo(id);
        assertThat(RecordIds.of("179", "D-1", "fi.tutka.trial-allocation.v1")).isNotEqualTo(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
