package fi.tutka.api;

import java.time.LocalDate;

/**
 * The client's situation as the client system saw it when the decision was made.
 *
 * @param municipality      home municipality, Statistics Finland's 3-digit code (required)
 * @param jobseekerStatus   jobseeker status code {@code 00}–{@code 08} (required)
 * @param unemploymentStart first day of the current unemployment spell, or null if none
 * @param educationLevel    Statistics Finland education level (1 digit, {@code 9} unknown), or null
 * @param languageGroup     {@code fi}, {@code sv}, {@code se} (Sámi) or {@code other}, or null
 * @param benefitType       {@code earnings_related}, {@code basic_allowance}, {@code labour_market_subsidy}
 *                          or {@code none}, or null
 * @param graduationDate    date of the latest completed degree, or null
 */
public record ClientSnapshot(
        String municipality,
        String jobseekerStatus,
        LocalDate unemploymentStart,
        String educationLevel,
        String languageGroup,
        String benefitType,
        LocalDate graduationDate) {
}
