package fi.tutka.sidecar;

import fi.tutka.spi.RecordSink;
import fi.tutka.spi.TutkaRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's sink, measured: how many records were handed to it and are not yet durable, and how long appends
 * took (from the records handed over until fsync returned, group commit's wait included). A 2xx answer waits for
 * its append, so this is the lag the sink adds to every answer; {@link SidecarMetrics} publishes it.
 */
final class SinkLag implements RecordSink {
    private final RecordSink sink;
    private final AtomicLong pending = new AtomicLong();
    private final LongAdder appends = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    SinkLag(RecordSink sink) {
        this.sink = sink;
    }

    @Override
    public void append(List<TutkaRecord> records) {
        long start = System.nanoTime();
        pending.addAndGet(records.size());
        try {
            sink.append(records);
        } finally {
            pending.addAndGet(-records.size());
            appends.increment();
            nanos.add(System.nanoTime() - start);
        }
    }

    /** Records handed to the sink that are not yet durable. */
    long pending() {
        return pending.get();
    }

    long appends() {
        return appends.sum();
    }

    /** The time all appends took, in nanoseconds. */
    double nanos() {
        return nanos.sum();
    }

    /** The sink's own close is the engine's, which closes it after the engine. */
    @Override
    public void close() {
    }
}
