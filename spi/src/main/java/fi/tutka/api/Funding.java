package fi.tutka.api;

/** Who pays for a service. */
public enum Funding {
    STATE,
    MUNICIPALITY,
    EU,
    OTHER;

    /** The lower-case form used on the wire ({@code "municipality"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The wire form, so that logs and JSON agree. */
    @Override
    public String toString() {
        return wireName();
    }
}
