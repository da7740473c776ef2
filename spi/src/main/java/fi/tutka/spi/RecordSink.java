package fi.tutka.spi;

import java.util.List;

/**
 * Where records go. The engine answers its caller only after {@link #append} has returned, so an implementation
 * must have made the records durable (for a file: written and forced to disk) before it returns.
 *
 * <p>Implementations are called from many threads at once. Appending a record whose id was appended before is
 * allowed: consumers de-duplicate by id.
 */
public interface RecordSink extends AutoCloseable {

    /**
     * Writes records durably.
     *
     * @throws fi.tutka.api.TutkaException with {@link fi.tutka.api.ErrorCode#SINK_FAILURE} when they could not be
     *                                     made durable
     */
    void append(List<TutkaRecord> records);

    /** Releases files or connections; records appended before stay durable. */
    @Override
    default void close() {
    }
}
