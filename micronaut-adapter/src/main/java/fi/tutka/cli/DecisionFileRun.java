package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Warning;
import fi.tutka.codec.TutkaJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a JSON Lines file of decisions in batches (one durable write a batch) and counts what happened. A
 * rejected line is written to the rejects file with its line number and reasons, never its content.
 */
final class DecisionFileRun {
    /** What a run did. */
    record Summary(long read, long accepted, long rejected, Map<String, Long> rejectedByReason,
            Map<String, Long> warningsByCode, long recordsWritten, long nanos) {

        double perSecond() {
            return nanos == 0 ? 0 : read * 1e9 / nanos;
        }
    }

    private final Tutka tutka;
    private final int batchSize;
    private final Progress progress;

    DecisionFileRun(Tutka tutka, int batchSize, Progress progress) {
        this.tutka = tutka;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    Summary run(Path input, Path rejects) {
        long start = System.nanoTime();
        Counts counts = new Counts();
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             BufferedWriter rejectsOut = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
            List<ServiceDecision> batch = new ArrayList<>(batchSize);
            List<Long> batchLines = new ArrayList<>(batchSize);
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                counts.read++;
                try {
                    batch.add(TutkaJson.readDecision(line));
                    batchLines.add(lineNumber);
                } catch (TutkaException e) {
                    if (e.code() != ErrorCode.INVALID_DECISION) {
                        throw e;
                    }
                    counts.reject(lineNumber, e.fieldErrors(), rejectsOut);
                }
                if (batch.size() == batchSize) {
                    evaluate(batch, batchLines, counts, rejectsOut);
                }
                progress.update(counts.read, System.nanoTime() - start);
            }
            evaluate(batch, batchLines, counts, rejectsOut);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot read " + input + " or write " + rejects + ": "
                    + e.getMessage(), e);
        }
        progress.done();
        return new Summary(counts.read, counts.accepted, counts.rejected, counts.rejectedByReason,
                counts.warningsByCode, counts.records, System.nanoTime() - start);
    }

    private void evaluate(List<ServiceDecision> batch, List<Long> lines, Counts counts, BufferedWriter rejectsOut)
            throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<DecisionResult> results = tutka.evaluateAll(batch);
        for (int i = 0; i < results.size(); i++) {
            DecisionResult result = results.get(i);
            if (result.isAccepted()) {
                counts.accepted++;
                counts.records += result.outcome().recordIds().size();
                for (Warning warning : result.outcome().warnings()) {
                    counts.warningsByCode.merge(warning.code(), 1L, Long::sum);
                }
            } else {
                counts.reject(lines.get(i), result.errors(), rejectsOut);
            }
        }
        batch.clear();
        lines.clear();
    }

    private static final class Counts {
        long read;
        long accepted;
        long rejected;
        long records;
        final Map<String, Long> rejectedByReason = new TreeMap<>();
        final Map<String, Long> warningsByCode = new TreeMap<>();

        void reject(long line, List<FieldError> errors, BufferedWriter out) throws IOException {
            rejected++;
            for (FieldError error : errors) {
                rejectedByReason.merge(error.toString(), 1L, Long::sum);
            }
            out.write(TutkaJson.write(new Rejection(line, errors)));
            out.write('\n');
        }
    }

    /** A progress line on standard error: rewritten in place on a terminal, a plain line every few seconds otherwise. */
    static final class Progress {
        private final PrintWriter err;
        private final boolean terminal;
        private final long intervalNanos;
        private long next;
        private boolean shown;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
            this.intervalNanos = terminal ? 500_000_000L : 5_000_000_000L;
            this.next = intervalNanos;
        }

        void update(long read, long elapsedNanos) {
            if ((read & 1023) != 0 || elapsedNanos < next) {
                return;
            }
            next = elapsedNanos + intervalNanos;
            String text = String.format("  %,d decisions read, %,.0f/s", read, read * 1e9 / elapsedNanos);
            if (terminal) {
                err.print("\r" + text);
            } else {
                err.println(text);
            }
            err.flush();
            shown = true;
        }

        void done() {
            if (terminal && shown) {
                err.println();
            }
        }
    }
}
