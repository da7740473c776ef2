package fi.tutka.spi;

import java.util.List;

/**
 * The result of checking the ledger's hash chain.
 *
 * @param entries  how many entries were read
 * @param head     the SHA-256 (hex) of the last entry, the chain head ({@code ""} when the ledger is empty)
 * @param problems what is wrong, each naming the entry's position; empty when the chain is intact
 */
public record LedgerCheck(long entries, String head, List<String> problems) {

    public LedgerCheck {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }
}
