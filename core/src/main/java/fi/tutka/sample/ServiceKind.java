package fi.tutka.sample;

import java.util.Locale;

/**
 * The kinds of service the sample generator writes, one per national research service class
 * ({@code fi/tutka/research-classes.csv}); the constant's lower-case name is the class's code.
 */
enum ServiceKind {
    INITIAL_INTERVIEW(false),
    JOB_SEARCH_DISCUSSION(false),
    CAREER_GUIDANCE(false),
    LABOUR_MARKET_TRAINING(true),
    PAY_SUBSIDY_50(true),
    PAY_SUBSIDY_70(true),
    PAY_SUBSIDY_100(true),
    EMPLOYMENT_SUBSIDY_55(true),
    WORK_TRIAL(true),
    COACHING(true),
    START_UP_GRANT(true),
    SELF_MOTIVATED_STUDY(true),
    REHABILITATIVE_WORK(true),
    NON_STATUTORY_MUNICIPAL(true),
    /** The bundled trials' intervention, given from their start in September 2026. */
    INTENSIFIED_COACHING(true);

    private final boolean lasting;

    ServiceKind(boolean lasting) {
        this.lasting = lasting;
    }

    /** True for a service with a duration: its life runs (referral,) decision, start, end or cancellation. */
    boolean lasting() {
        return lasting;
    }

    /** The national research service class, {@code labour_market_training}. */
    String researchClass() {
        return name().toLowerCase(Locale.ROOT);
    }
}
