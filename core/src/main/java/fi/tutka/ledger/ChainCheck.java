package fi.tutka.ledger;

import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.LedgerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the ledger's entries in position order and collects every break of the chain, each naming the position.
 * Holds only the entry before the current one, so a ledger of any length is checked in constant memory.
 */
public final class ChainCheck {
    /** More problems than this are counted, not listed: a wholly rewritten ledger would otherwise fill the heap. */
    static final int LISTED_PROBLEMS = 1_000;

    private final List<String> problems = new ArrayList<>();
    private long unlisted;
    private long entries;
    private long lastPosition;
    private String lastHash = "";

    /**
     * Checks the next entry as stored.
     *
     * @param storedPrevious the {@code previous_hash} stored with the entry
     */
    public void next(LedgerEntry entry, String storedPrevious) {
        entries++;
        long position = entry.position();
        boolean linkReported = false;
        if (position <= lastPosition) {
            problem("position " + position + ": " + (position == lastPosition && position > 0
                    ? "a second entry at this position" : "not after position " + lastPosition)
                    + " (an entry was inserted)");
            linkReported = true;
        } else if (position > lastPosition + 1) {
            problem(position == lastPosition + 2 ? "position " + (lastPosition + 1) + ": missing (an entry was removed)"
                    : "positions " + (lastPosition + 1) + " to " + (position - 1) + ": missing (entries were removed)");
            linkReported = true;
        }
        String expectedPrevious = lastPosition == 0 && lastHash.isEmpty() ? EntryHash.GENESIS : lastHash;
        if (!linkReported && !storedPrevious.equals(expectedPrevious)) {
            problem("position " + position + ": previous_hash " + storedPrevious + " is not "
                    + (position == 1 ? "64 zeros, as the first entry's must be"
                    : "the hash of entry " + lastPosition + ", " + expectedPrevious
                    + " (an entry before it was inserted, removed, reordered or re-hashed)"));
        }
        String recomputed = EntryHash.of(storedPrevious, entry);
        if (!recomputed.equals(entry.entryHash())) {
            problem("position " + position + ": changed: its fields hash to " + recomputed + ", not to its stored "
                    + "entry_hash " + entry.entryHash());
        }
        if (position > lastPosition) {
            lastPosition = position;
            lastHash = entry.entryHash();
        }
    }

    /** Compares the stored head with the last entry and returns the result. */
    public LedgerCheck finish(long headPosition, String headHash) {
        if (headPosition != lastPosition || !headHash.equals(lastHash)) {
            problem("head: position " + headPosition + ", hash '" + headHash + "' does not match the last entry, "
                    + (entries == 0 ? "of which there is none" : "position " + lastPosition + ", hash " + lastHash)
                    + " (the head or the newest entries were changed)");
        }
        List<String> all = new ArrayList<>(problems);
        if (unlisted > 0) {
            all.add("and " + unlisted + " more problems");
        }
        return new LedgerCheck(entries, lastHash, all);
    }

    private void problem(String text) {
        if (problems.size() < LISTED_PROBLEMS) {
            problems.add(text);
        } else {
            unlisted++;
        }
    }
}
