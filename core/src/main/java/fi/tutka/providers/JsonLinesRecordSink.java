package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.IoErrors;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.TutkaRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends records as JSON Lines to {@code <dir>/tutka-records.jsonl} and forces them to disk before
 * {@link #append} returns. Concurrent callers share one fsync (group commit): a caller whose bytes were already
 * forced by another caller's fsync returns without its own.
 *
 * <p>A line torn by a crash (the file does not end in a newline) was never acknowledged; it is cut off when the
 * sink opens. After a failed write or fsync the sink refuses further records, since what reached the disk is then
 * unknown; reopen it to go on.
 */
public final class JsonLinesRecordSink implements RecordSink {
    /** The file name inside the sink's folder. */
    public static final String FILE_NAME = "tutka-records.jsonl";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private long appended;
    private volatile long forced;
    private volatile String failure;

    public JsonLinesRecordSink(Path dir) {
        this.file = dir.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            boolean created = !Files.exists(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (created) {
                Durable.forceDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "cannot open record file " + file + " ("
                    + IoErrors.reason(e) + "): check setting 'tutka.sink.dir' (or --records)", e);
        }
        try {
            lock = channel.tryLock();
            if (lock == null) {
                throw new TutkaException(ErrorCode.CONFIGURATION, "another process is writing " + file
                        + ": give each Tutka process its own 'tutka.sink.dir' (--records)");
            }
            cutTornTail();
            channel.position(channel.size());
        } catch (OverlappingFileLockException e) {
            closeQuietly();
            throw new TutkaException(ErrorCode.CONFIGURATION, "this process already has a sink writing " + file
                    + ": share one Tutka instance, or give each its own 'tutka.sink.dir'", e);
        } catch (IOException e) {
            closeQuietly();
            throw new TutkaException(ErrorCode.IO, "cannot prepare record file " + file + ": " + IoErrors.reason(e), e);
        } catch (TutkaException e) {
            closeQuietly();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(List<TutkaRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(records.size() * 1024);
        for (TutkaRecord record : records) {
            lines.append(TutkaJson.write(record)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        long mine;
        synchronized (writeLock) {
            checkHealthy();
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw fail("write", e);
            }
            mine = ++appended;
        }
        synchronized (syncLock) {
            if (forced >= mine) {
                return;
            }
            long upTo;
            synchronized (writeLock) {
                upTo = appended;
            }
            checkHealthy();
            try {
                channel.force(false);
            } catch (IOException e) {
                throw fail("fsync", e);
            }
            forced = upTo;
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            synchronized (syncLock) {
                try {
                    if (channel.isOpen() && failure == null) {
                        channel.force(false);
                    }
                } catch (IOException e) {
                    failure = "fsync at close failed: " + e.getMessage();
                } finally {
                    closeQuietly();
                }
            }
        }
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new TutkaException(ErrorCode.SINK_FAILURE, "record file " + file + " is unusable after an earlier "
                    + failure + "; nothing was written: fix the disk and restart");
        }
        if (!channel.isOpen()) {
            throw new TutkaException(ErrorCode.SINK_FAILURE, "record sink for " + file + " is closed");
        }
    }

    private TutkaException fail(String what, IOException e) {
        failure = what + " failure (" + IoErrors.reason(e) + ")";
        return new TutkaException(ErrorCode.SINK_FAILURE, "could not " + what + " records to " + file + ": "
                + IoErrors.reason(e) + "; the records are not durable", e);
    }

    /** Cuts a partial last line left by a crash: it was never acknowledged, and would spoil the line after it. */
    private void cutTornTail() throws IOException {
        long size = channel.size();
        if (size == 0 || lastByteIs(size - 1, '\n')) {
            return;
        }
        long end = size - 1;
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            channel.read(buffer, start);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    channel.truncate(start + i + 1);
                    channel.force(true);
                    return;
                }
            }
            end = start;
        }
        channel.truncate(0);
        channel.force(true);
    }

    private boolean lastByteIs(long position, char c) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0) == c;
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after a failure: the failure is what the caller hears about
        }
    }
}
