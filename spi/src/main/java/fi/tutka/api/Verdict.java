package fi.tutka.api;

/** The engine's answer on a decision. */
public enum Verdict {
    /** Nothing stands against the decision. */
    ALLOW,
    /** The decision may go ahead, but a caseworker or data steward should look at it. */
    FLAG,
    /** The decision contradicts a rule (for example a trial arm) and should not be made. */
    BLOCK
}
