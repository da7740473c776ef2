package fi.tutka;

import fi.tutka.api.ClientSnapshot;
import fi.tutka.api.EventType;
import fi.tutka.api.Funding;
import fi.tutka.api.ServiceDecision;
import fi.tutka.internal.IdentityCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Decisions for tests; identity codes use individual numbers 900-999 only. */
final class TestDecisions {
    static final LocalDate BIRTH = LocalDate.of(1990, 1, 10);
    static final String CLIENT_ID = identityCode(BIRTH, '-', 901);

    private TestDecisions() {
    }

    static String identityCode(LocalDate birth, char centurySign, int individual) {
        return String.format("%02d%02d%02d%c%03d%c", birth.getDayOfMonth(), birth.getMonthValue(),
                birth.getYear() % 100, centurySign, individual, IdentityCode.checkCharacter(birth, individual));
    }

    static ServiceDecision valid(String decisionId) {
        return valid(decisionId, CLIENT_ID);
    }

    static ServiceDecision valid(String decisionId, String clientId) {
        return new ServiceDecision(decisionId, "179", clientId, EventType.DECISION, "PT50",
                LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 9, 8),
                new BigDecimal("9000.00"), Funding.STATE, Instant.parse("2026-03-02T07:15:00Z"),
                new ClientSnapshot("179", "02", LocalDate.of(2025, 1, 10), "4", "fi", "earnings_related", null));
    }
}
