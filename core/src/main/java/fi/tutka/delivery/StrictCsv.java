package fi.tutka.delivery;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV exactly as RFC 4180 writes it, streaming: records end in CRLF (the last one too), a cell holding a comma,
 * a double quote or a line break is quoted, and a double quote inside a quoted cell is doubled. Unlike a lenient
 * parser it reports what strays from that, with the line it stands on: a record ended by LF or CR alone, a double
 * quote inside an unquoted cell, text after a closing quote, a last record without CRLF. Those are reported and
 * reading goes on; a quoted cell still open at the end of the file, or a cell longer than {@link #MAX_CELL}
 * characters (a quote never closed, most likely), is reported and ends the reading.
 *
 * <p>Line numbers are the file's own lines, counted by line feeds from 1, so that an editor or {@code sed -n} finds
 * them; {@link #line()} is the line a record starts on.
 */
final class StrictCsv {
    /** Longer cells end the reading: no delivered value is near this long. */
    static final int MAX_CELL = 1 << 20;
    private static final int END = -1;
    private static final int NONE = -2;

    /** Receives each problem with the line it stands on. */
    interface Problems {
        void report(long line, String message);
    }

    private final Reader reader;
    private final Problems problems;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int pushedBack = NONE;
    private long lineFeeds;
    private long recordLine;
    private boolean finished;
    private boolean broken;

    StrictCsv(Reader reader, Problems problems) {
        this.reader = reader;
        this.problems = problems;
    }

    /** The line the last record returned starts on. */
    long line() {
        return recordLine;
    }

    /** Whether reading stopped early on a problem that makes the rest of the file unreadable. */
    boolean broken() {
        return broken;
    }

    /** The next record's cells, or null at the end of the file (or after a problem that ends the reading). */
    List<String> next() throws IOException {
        if (finished) {
            return null;
        }
        recordLine = lineFeeds + 1;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int c = read();
        if (c == END) {
            finished = true;
            return null;
        }
        while (true) {
            if (c == '"' && cell.length() == 0) {
                if (!quoted(cell)) {
                    return stop();
                }
                c = read();
                if (c != ',' && c != '\r' && c != '\n' && c != END) {
                    problems.report(lineFeeds + 1, "text after a closing double quote: a quoted cell ends at its "
                            + "closing quote");
                    while (c != ',' && c != '\r' && c != '\n' && c != END) {
                        c = read();
                    }
                }
                continue;
            }
            switch (c) {
                case END:
                    problems.report(recordLine, "the last record does not end with CRLF");
                    cells.add(cell.toString());
                    finished = true;
                    return cells;
                case ',':
                    cells.add(cell.toString());
                    cell.setLength(0);
                    c = read();
                    break;
                case '\r':
                    int after = read();
                    if (after != '\n') {
                        problems.report(lineFeeds + 1, "a record ends with CR alone: RFC 4180 ends records with "
                                + "CRLF");
                        unread(after);
                    }
                    cells.add(cell.toString());
                    return cells;
                case '\n':
                    problems.report(lineFeeds, "a record ends with LF alone: RFC 4180 ends records with CRLF");
                    cells.add(cell.toString());
                    return cells;
                case '"':
                    problems.report(lineFeeds + 1, "a double quote inside a cell that is not quoted: quote the "
                            + "cell and double the quote");
                    append(cell, c);
                    c = read();
                    break;
                default:
                    if (!append(cell, c)) {
                        return stop();
                    }
                    c = read();
                    break;
            }
        }
    }

    /** Reads a quoted cell after its opening quote; false when the file ends inside it or it grows too long. */
    private boolean quoted(StringBuilder cell) throws IOException {
        long opened = lineFeeds + 1;
        while (true) {
            int c = read();
            if (c == END) {
                problems.report(opened, "a quoted cell opened on this line is not closed before the end of the "
                        + "file; the rest of the file is not checked");
                return false;
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    unread(after);
                    return true;
                }
            }
            if (cell.length() >= MAX_CELL) {
                problems.report(opened, "a quoted cell opened on this line runs past " + MAX_CELL + " characters "
                        + "(a double quote not closed?); the rest of the file is not checked");
                return false;
            }
            cell.append((char) c);
        }
    }

    private boolean append(StringBuilder cell, int c) {
        if (cell.length() >= MAX_CELL) {
            problems.report(recordLine, "a cell runs past " + MAX_CELL + " characters; the rest of the file is not "
                    + "checked");
            return false;
        }
        cell.append((char) c);
        return true;
    }

    private List<String> stop() {
        finished = true;
        broken = true;
        return null;
    }

    private int read() throws IOException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        if (position == limit) {
            limit = reader.read(buffer);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return END;
            }
        }
        char c = buffer[position++];
        if (c == '\n') {
            lineFeeds++;
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
