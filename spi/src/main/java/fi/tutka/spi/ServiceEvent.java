package fi.tutka.spi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * Data of a {@code fi.tutka.service-event.v1} record: one service decision, tagged and data-minimised. It holds no
 * identity code, name, address, birth date or free text: birth year and age at the decision instead.
 *
 * @param schemaVersion         version of this data's schema
 * @param rulesetVersion        version of the rules that tagged it
 * @param engineVersion         version of the engine
 * @param area                  employment area (host municipality code)
 * @param subjectKey            id of the key that made the record's subject
 * @param period                half-year of the decision's Helsinki date, {@code 2026H1}
 * @param eventType             referral, decision, start, end or cancellation
 * @param localServiceCode      the area's own service code
 * @param serviceClass          national research service class, or null when the local code is unknown
 * @param statutory             whether the service is statutory, or null when unknown
 * @param decisionLocalDate     Helsinki date of the decision time
 * @param decisionDate          the decision date the client system gave
 * @param startDate             service start, or null
 * @param endDate               service end, or null
 * @param costEur               cost in euros, or null
 * @param funding               who pays, or null
 * @param municipality          client's home municipality
 * @param jobseekerStatus       jobseeker status code
 * @param birthYear             client's year of birth
 * @param ageAtDecision         client's age in whole years on the decision's Helsinki date
 * @param unemploymentDays      days of the current unemployment spell on that date, or null
 * @param educationLevel        education level, or null
 * @param languageGroup         language group, or null
 * @param benefitType           benefit type, or null
 * @param monthsSinceGraduation whole months since the latest degree, or null
 * @param temporaryId           whether the client has a temporary identity code (individual number 900–999)
 * @param tags                  research tags, sorted by name
 * @param qualityFlags          data-quality flags, sorted
 */
public record ServiceEvent(
        String schemaVersion,
        String rulesetVersion,
        String engineVersion,
        String area,
        String subjectKey,
        String period,
        String eventType,
        String localServiceCode,
        String serviceClass,
        Boolean statutory,
        LocalDate decisionLocalDate,
        LocalDate decisionDate,
        LocalDate startDate,
        LocalDate endDate,
        BigDecimal costEur,
        String funding,
        String municipality,
        String jobseekerStatus,
        int birthYear,
        int ageAtDecision,
        Integer unemploymentDays,
        String educationLevel,
        String languageGroup,
        String benefitType,
        Integer monthsSinceGraduation,
        boolean temporaryId,
        SortedMap<String, String> tags,
        List<String> qualityFlags) implements RecordData {

    /** The CloudEvents type of these records. */
    public static final String TYPE = "fi.tutka.service-event.v1";
    /** The version of this data's JSON Schema. */
    public static final String SCHEMA_VERSION = "1.0";
}
