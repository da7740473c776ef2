package fi.tutka.api;

/** What happened to a client's service: the life of one service runs referral, decision, start, end. */
public enum EventType {
    REFERRAL,
    DECISION,
    START,
    END,
    CANCELLATION;

    /** The lower-case form used on the wire ({@code "start"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The wire form, so that logs and JSON agree. */
    @Override
    public String toString() {
        return wireName();
    }
}
