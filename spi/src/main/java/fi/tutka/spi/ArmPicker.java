package fi.tutka.spi;

/**
 * Picks the arm of a new allocation from its sequence number within the trial and stratum. The ledger calls it
 * inside the allocation's transaction, so sequence numbers are gapless and never reused.
 */
@FunctionalInterface
public interface ArmPicker {
    String arm(long sequence);
}
