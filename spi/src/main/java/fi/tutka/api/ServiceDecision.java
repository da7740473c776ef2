package fi.tutka.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One service decision as the client system sends it. Structural checks (required fields, formats,
 * the identity code) are made by the engine, which names every offending field.
 *
 * @param decisionId   the client system's id of this decision, unique within the area (required)
 * @param area         the employment area: its host municipality's 3-digit code (required)
 * @param clientId     the client's personal identity code (required; never leaves the engine)
 * @param eventType    what happened (required)
 * @param serviceCode  the area's local service code (required)
 * @param decisionDate the date of the decision (required)
 * @param startDate    the service's start date, or null
 * @param endDate      the service's end date, or null
 * @param cost         the cost in euros, or null
 * @param funding      who pays, or null
 * @param decisionTime the instant the decision was made (required)
 * @param client       the client's situation (required)
 */
public record ServiceDecision(
        String decisionId,
        String area,
        String clientId,
        EventType eventType,
        String serviceCode,
        LocalDate decisionDate,
        LocalDate startDate,
        LocalDate endDate,
        BigDecimal cost,
        Funding funding,
        Instant decisionTime,
        ClientSnapshot client) {

    /** Hides the identity code, so that a decision can never leak it through logging. */
    @Override
    public String toString() {
        return "ServiceDecision[decisionId=" + decisionId + ", area=" + area + ", eventType=" + eventType
                + ", serviceCode=" + serviceCode + "]";
    }
}
