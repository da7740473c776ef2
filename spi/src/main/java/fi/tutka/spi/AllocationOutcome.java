package fi.tutka.spi;

/**
 * What {@link AllocationStore#allocate} did.
 *
 * @param status     what happened
 * @param allocation the new or existing allocation; null when nothing was allocated
 * @param heldBy     for {@link Status#EXCLUDED}, the exclusive trial that holds the client
 */
public record AllocationOutcome(Status status, Allocation allocation, String heldBy) {

    public enum Status {
        /** A new allocation was written. */
        ALLOCATED,
        /** The subject already had an allocation in the trial; it is returned unchanged. */
        EXISTING,
        /** The subject holds a live allocation in a trial exclusive with this one. */
        EXCLUDED,
        /** The trial holds its target number of allocations. */
        TARGET_REACHED
    }
}
