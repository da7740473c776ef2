package fi.tutka.spi;

/** One entry of the allocation ledger's hash chain. */
public sealed interface LedgerEntry permits Allocation, Correction {
    /** The entry's position in the chain, from 1. */
    long position();

    /** SHA-256 (hex) over the entry's fields and the hash of the entry before it. */
    String entryHash();
}
