package fi.tutka.delivery;

import fi.tutka.internal.Sha256;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A new file written through a strict UTF-8 writer, hashed with SHA-256 and counted as it is written, and forced to
 * disk when finished.
 */
final class OutputFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final OutputStream stream;
    private final Writer writer;
    private long bytes;
    private boolean finished;

    /** What was written; {@code rows} counts a CSV file's data rows, and is -1 for other files. */
    record Info(String name, long bytes, String sha256, long rows) {
    }

    private OutputFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.digest = Sha256.digest();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                digest.update(b, off, len);
                bytes += len;
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        this.stream = new BufferedOutputStream(out, 1 << 16);
        this.writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    /** Creates the file; it must not exist. */
    static OutputFile create(Path path) throws IOException {
        return new OutputFile(path);
    }

    Writer writer() {
        return writer;
    }

    /** The file as bytes, for a binary file: use either this or {@link #writer()}, not both. */
    OutputStream stream() {
        return stream;
    }

    /** {@link #finish()} for a CSV file of this many data rows. */
    Info finish(long rows) throws IOException {
        Info info = finish();
        return new Info(info.name(), info.bytes(), info.sha256(), rows);
    }

    /** Flushes, forces the file to disk and closes it. */
    Info finish() throws IOException {
        writer.flush();
        stream.flush();
        channel.force(true);
        channel.close();
        finished = true;
        return new Info(path.getFileName().toString(), bytes, HexFormat.of().formatHex(digest.digest()), -1);
    }

    /** Closes an unfinished file without flushing (after a failure). */
    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
        }
    }

    /** Forces a folder's entries to disk; a file system that cannot open folders (Windows) is let be. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                throw e;
            }
        }
    }

    /** Deletes a folder and everything in it, without following links. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                    throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
