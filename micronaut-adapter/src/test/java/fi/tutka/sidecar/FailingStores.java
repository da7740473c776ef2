package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.AllocationOutcome;
import fi.tutka.spi.AllocationRequest;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Allocation;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.Correction;
import fi.tutka.spi.LedgerCheck;
import fi.tutka.spi.LedgerEntry;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stores that fail as a full disk and a lost database would, chosen by name ({@code tutka.sink=failing},
 * {@code tutka.allocations=failing}): boundary collaborators for the sidecar's error paths. Their messages hold a
 * path and an identity-code shape, which must reach neither an answer nor a log line as they are.
 */
final class FailingStores {
    static final String SECRET = "/var/lib/tutka/records (010190-999P)";

    private FailingStores() {
    }

    public static final class SinkFactory implements ProviderFactory<RecordSink> {
        @Override
        public Class<RecordSink> type() {
            return RecordSink.class;
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public RecordSink create(Settings settings, Clock clock) {
            return records -> {
                throw new TutkaException(ErrorCode.SINK_FAILURE, "no space left writing " + SECRET);
            };
        }
    }

    public static final class LedgerFactory implements ProviderFactory<AllocationStore> {
        @Override
        public Class<AllocationStore> type() {
            return AllocationStore.class;
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public AllocationStore create(Settings settings, Clock clock) {
            return new Ledger();
        }
    }

    static final class Ledger implements AllocationStore {
        private static IllegalStateException down() {
            return new IllegalStateException("connection refused to " + SECRET);
        }

        @Override
        public List<Allocation> allocations(String subject) {
            throw down();
        }

        @Override
        public List<Correction> corrections(String subject) {
            throw down();
        }

        @Override
        public AllocationOutcome allocate(AllocationRequest request, ArmPicker arms) {
            throw down();
        }

        @Override
        public Correction correct(String trialId, String subject, Correction.Kind kind, String reason, String actor,
                Instant at) {
            throw down();
        }

        @Override
        public void forEachAllocation(String trialId, Consumer<Allocation> consumer) {
            throw down();
        }

        @Override
        public void forEachEntry(Consumer<LedgerEntry> consumer) {
            throw down();
        }

        @Override
        public LedgerCheck verify() {
            throw down();
        }

        @Override
        public String head() {
            throw down();
        }

        @Override
        public void close() {
        }
    }

}
