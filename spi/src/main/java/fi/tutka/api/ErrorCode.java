package fi.tutka.api;

/** Stable error codes of {@link TutkaException}; each is explained in the README. */
public enum ErrorCode {
    /** A decision is structurally wrong; {@link TutkaException#fieldErrors()} names every field. */
    INVALID_DECISION,
    /** A setting is missing or wrong; the message names the setting and how to fix it. */
    CONFIGURATION,
    /** A required provider was not found on the class path. */
    PROVIDER_MISSING,
    /** Rules failed to compile; the message gives file, line and column. */
    RULES_COMPILE,
    /** A rule failed while evaluating a decision; the message names the rule. */
    RULE_EVALUATION,
    /** Records could not be made durable; the decision must be treated as not evaluated. */
    SINK_FAILURE,
    /** A pseudonymisation or trial key is missing or unreadable. */
    KEY_UNAVAILABLE,
    /**
     * The trial allocation ledger could not be read or written; the decision, which falls in a trial's area and
     * dates, must be treated as not evaluated. Decisions outside every trial do not touch the ledger.
     */
    LEDGER_FAILURE,
    /** Reading or writing a file failed. */
    IO
}
