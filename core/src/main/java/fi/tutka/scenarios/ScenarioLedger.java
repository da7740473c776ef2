package fi.tutka.scenarios;

import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The allocation ledger scenarios run on: a real ledger (H2 in memory), emptied before every scenario so that no
 * scenario sees another's allocations. A fresh database is made only when a scenario reaches the ledger.
 */
final class ScenarioLedger implements AllocationStore {
    private JdbcAllocationStore current;

    /** Forgets every allocation: the next use opens an empty ledger. */
    synchronized void reset() {
        close();
    }

    private synchronized AllocationStore store() {
        if (current == null) {
            current = JdbcAllocationStore.open("jdbc:h2:mem:scenario-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    null, null);
        }
        return current;
    }

    @Override
    public List<Allocation> allocations(String subject) {
        return store().allocations(subject);
    }

    @Override
    public List<Correction> corrections(String subject) {
        return store().corrections(subject);
    }

    @Override
    public AllocationOutcome allocate(AllocationRequest request, ArmPicker arms) {
        return store().allocate(request, arms);
    }

    @Override
    public Correction correct(String trialId, String subject, Correction.Kind kind, String reason, String actor,
            Instant at) {
        return store().correct(trialId, subject, kind, reason, actor, at);
    }

    @Override
    public void forEachAllocation(String trialId, Consumer<Allocation> consumer) {
        store().forEachAllocation(trialId, consumer);
    }

    @Override
    public void forEachEntry(Consumer<LedgerEntry> consumer) {
        store().forEachEntry(consumer);
    }

    @Override
    public LedgerCheck verify() {
        return store().verify();
    }

    @Override
    public String head() {
        return store().head();
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
