package fi.tutka.facts;

import fi.tutka.internal.Periods;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fact rules see for one decision: the decision's fields and the client's situation, with ages and spell
 * lengths already counted on the decision's Helsinki date. It holds no identity code.
 *
 * <pre>
 * Decision(age &lt; 25, unemploymentMonths &gt;= 3, jobseekerStatus == "02")
 * </pre>
 */
public final class Decision {
    private static final Map<String, LocalDate> DATES = new ConcurrentHashMap<>();

    private final String area;
    private final String eventType;
    private final String serviceCode;
    private final LocalDate localDate;
    private final LocalDate decisionDate;
    private final LocalDate startDate;
    private final LocalDate endDate;
    private final BigDecimal cost;
    private final String funding;
    private final String municipality;
    private final String jobseekerStatus;
    private final LocalDate birthDate;
    private final int age;
    private final LocalDate unemploymentStart;
    private final Integer unemploymentMonths;
    private final Integer unemploymentDays;
    private final Integer monthsSinceGraduation;
    private final String educationLevel;
    private final String languageGroup;
    private final String benefitType;
    private final boolean temporaryId;

    public Decision(String area, String eventType, String serviceCode, LocalDate localDate, LocalDate decisionDate,
            LocalDate startDate, LocalDate endDate, BigDecimal cost, String funding, String municipality,
            String jobseekerStatus, LocalDate birthDate, LocalDate unemploymentStart, LocalDate graduationDate,
            String educationLevel, String languageGroup, String benefitType, boolean temporaryId) {
        this.area = area;
        this.eventType = eventType;
        this.serviceCode = serviceCode;
        this.localDate = localDate;
        this.decisionDate = decisionDate;
        this.startDate = startDate;
        this.endDate = endDate;
        this.cost = cost;
        this.funding = funding;
        this.municipality = municipality;
        this.jobseekerStatus = jobseekerStatus;
        this.birthDate = birthDate;
        this.age = Periods.ageOn(birthDate, localDate);
        this.unemploymentStart = unemploymentStart;
        boolean spell = unemploymentStart != null && !unemploymentStart.isAfter(localDate);
        this.unemploymentMonths = spell ? Periods.completeMonths(unemploymentStart, localDate) : null;
        this.unemploymentDays = spell ? (int) ChronoUnit.DAYS.between(unemploymentStart, localDate) : null;
        this.monthsSinceGraduation = graduationDate != null && !graduationDate.isAfter(localDate)
                ? Periods.completeMonths(graduationDate, localDate) : null;
        this.educationLevel = educationLevel;
        this.languageGroup = languageGroup;
        this.benefitType = benefitType;
        this.temporaryId = temporaryId;
    }

    /** Area: host municipality code. */
    public String getArea() {
        return area;
    }

    /** {@code referral}, {@code decision}, {@code start}, {@code end} or {@code cancellation}. */
    public String getEventType() {
        return eventType;
    }

    /** The area's local service code. */
    public String getServiceCode() {
        return serviceCode;
    }

    /** The Helsinki date of the decision time: the date that counts for ages, periods and reforms. */
    public LocalDate getLocalDate() {
        return localDate;
    }

    public LocalDate getDecisionDate() {
        return decisionDate;
    }

    public LocalDate getStartDate() {
        return startDate;
    }

    public LocalDate getEndDate() {
        return endDate;
    }

    public BigDecimal getCost() {
        return cost;
    }

    public String getFunding() {
        return funding;
    }

    public String getMunicipality() {
        return municipality;
    }

    /** Jobseeker status code {@code 00}–{@code 08}. */
    public String getJobseekerStatus() {
        return jobseekerStatus;
    }

    public int getBirthYear() {
        return birthDate.getYear();
    }

    /** Age in whole years on the Helsinki date; a 29 February birthday counts on 28 February in common years. */
    public int getAge() {
        return age;
    }

    public LocalDate getUnemploymentStart() {
        return unemploymentStart;
    }

    /** Complete months of the current unemployment spell, or null when there is none. */
    public Integer getUnemploymentMonths() {
        return unemploymentMonths;
    }

    /** Days of the current unemployment spell, or null when there is none. */
    public Integer getUnemploymentDays() {
        return unemploymentDays;
    }

    /** Complete months since the latest degree, or null. */
    public Integer getMonthsSinceGraduation() {
        return monthsSinceGraduation;
    }

    public String getEducationLevel() {
        return educationLevel;
    }

    public String getLanguageGroup() {
        return languageGroup;
    }

    public String getBenefitType() {
        return benefitType;
    }

    /** Whether the client has a temporary identity code (individual number 900–999). */
    public boolean isTemporaryId() {
        return temporaryId;
    }

    /** Days from {@code isoDate} to the Helsinki date: negative before it, 0 on it. */
    public long daysFrom(String isoDate) {
        return ChronoUnit.DAYS.between(date(isoDate), localDate);
    }

    /** Whether the Helsinki date is on or after {@code isoDate}. */
    public boolean onOrAfter(String isoDate) {
        return !localDate.isBefore(date(isoDate));
    }

    // Rules name a handful of fixed dates; parsing them once keeps evaluation fast.
    private static LocalDate date(String isoDate) {
        LocalDate date = DATES.get(isoDate);
        return date != null ? date : DATES.computeIfAbsent(isoDate, LocalDate::parse);
    }

    /** Whether the client reached age {@code years} on or before the Helsinki date. */
    public boolean hasReachedAge(int years) {
        return age >= years;
    }

    @Override
    public String toString() {
        return "Decision[area=" + area + ", eventType=" + eventType + ", serviceCode=" + serviceCode + ", localDate="
                + localDate + ", age=" + age + ", jobseekerStatus=" + jobseekerStatus + "]";
    }
}
