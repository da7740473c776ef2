package fi.tutka.spi;

/** The {@code data} of a {@link TutkaRecord}: one type per record type. */
public sealed interface RecordData permits ServiceEvent, TrialAllocation {
    /** Version of this record type's schema. */
    String schemaVersion();

    /** Version of the rules that produced the record. */
    String rulesetVersion();

    /** Version of the engine that produced the record. */
    String engineVersion();
}
