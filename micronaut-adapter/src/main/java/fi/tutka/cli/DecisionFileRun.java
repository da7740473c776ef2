package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.FieldError;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.TutkaException;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import fi.tutka.codec.TutkaJson;
import fi.tutka.internal.IoErrors;
import fi.tutka.internal.Redact;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates a JSON Lines file of decisions: lines are read in chunks, each chunk is parsed and evaluated in
 * batches on worker threads (one durable write a batch; the sink's group commit shares fsyncs), and the results are
 * counted in file order. A rejected line goes to the rejects file with its number and reasons, never its content; so
 * does a decision whose rules failed ({@link ErrorCode#RULE_EVALUATION}), which is counted as failed and does not stop
 * the run. Any other failure (records, ledger, keys, files) stops it.
 */
final class DecisionFileRun {
    /** What a run did. */
    record Summary(long read, long accepted, long rejected, Map<String, Long> rejectedByReason, long failed,
            Map<String, Long> failedByReason, Map<String, Long> warningsByCode, Map<Verdict, Long> verdicts,
            Map<String, Long> allocationsByArm, long recordsWritten, long nanos) {

        double perSecond() {
            return nanos == 0 ? 0 : read * 1e9 / nanos;
        }
    }

    /**
     * One line's answer: the engine's result, or the parse errors; or, when its rules failed, no result and why
     * (the engine's message, without identity codes).
     */
    private record Answer(long line, DecisionResult result, String failure) {
        Answer(long line, DecisionResult result) {
            this(line, result, null);
        }
    }

    private final Tutka tutka;
    private final int batchSize;
    private final int threads;
    private final ProgressLine progress;

    DecisionFileRun(Tutka tutka, int batchSize, int threads, ProgressLine progress) {
        this.tutka = tutka;
        this.batchSize = Math.max(1, batchSize);
        this.threads = Math.max(1, threads);
        this.progress = progress;
    }

    Summary run(Path input, Path rejects) {
        long start = System.nanoTime();
        Counts counts = new Counts();
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "tutka-run");
            thread.setDaemon(true);
            return thread;
        });
        try (DecisionLines lines = new DecisionLines(input);
             BufferedWriter rejectsOut = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
            List<DecisionLines.Line> chunk = new ArrayList<>(batchSize * threads);
            for (DecisionLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.text() == null) {
                    counts.add(new Answer(line.number(), DecisionResult.rejected(
                            List.of(new FieldError("", "not valid UTF-8")))), rejectsOut);
                } else if (!line.text().isBlank()) {
                    chunk.add(line);
                }
                if (chunk.size() == batchSize * threads) {
                    evaluate(chunk, workers, counts, rejectsOut);
                    long read = counts.read;
                    progress.update(elapsed -> String.format(Locale.ROOT, "  %,d decisions read, %,.0f/s", read,
                            read * 1e9 / elapsed));
                }
            }
            evaluate(chunk, workers, counts, rejectsOut);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "reading " + input + " or writing " + rejects + " failed: "
                    + IoErrors.reason(e), e);
        } finally {
            workers.shutdownNow();
        }
        progress.done();
        return new Summary(counts.read, counts.accepted, counts.rejected, counts.rejectedByReason, counts.failed,
                counts.failedByReason, counts.warningsByCode, counts.verdicts, counts.allocationsByArm, counts.records,
                System.nanoTime() - start);
    }

    private void evaluate(List<DecisionLines.Line> chunk, ExecutorService workers, Counts counts,
            BufferedWriter rejectsOut) throws IOException {
        List<Future<List<Answer>>> batches = new ArrayList<>();
        for (int from = 0; from < chunk.size(); from += batchSize) {
            List<DecisionLines.Line> batch =
                    List.copyOf(chunk.subList(from, Math.min(chunk.size(), from + batchSize)));
            batches.add(workers.submit(() -> evaluate(batch)));
        }
        for (Future<List<Answer>> batch : batches) {
            for (Answer answer : join(batch)) {
                counts.add(answer, rejectsOut);
            }
        }
        chunk.clear();
    }

    /** Parses and evaluates one batch with one durable write. */
    private List<Answer> evaluate(List<DecisionLines.Line> lines) {
        List<Answer> answers = new ArrayList<>(lines.size());
        List<ServiceDecision> decisions = new ArrayList<>(lines.size());
        List<Long> decisionLines = new ArrayList<>(lines.size());
        for (DecisionLines.Line line : lines) {
            try {
                decisions.add(TutkaJson.readDecision(line.text()));
                decisionLines.add(line.number());
            } catch (TutkaException e) {
                if (e.code() != ErrorCode.INVALID_DECISION) {
                    throw e;
                }
                answers.add(new Answer(line.number(), DecisionResult.rejected(e.fieldErrors())));
            }
        }
        Map<Integer, String> failures = new HashMap<>();
        List<DecisionResult> results = tutka.evaluateAll(decisions,
                (index, e) -> failures.put(index, Redact.identityCodes(e.getMessage())));
        for (int i = 0; i < results.size(); i++) {
            answers.add(new Answer(decisionLines.get(i), results.get(i), failures.get(i)));
        }
        answers.sort((a, b) -> Long.compare(a.line(), b.line()));
        return answers;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TutkaException(ErrorCode.IO, "interrupted while evaluating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TutkaException tutka) {
                throw tutka;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static final class Counts {
        long read;
        long accepted;
        long rejected;
        long failed;
        long records;
        final Map<String, Long> rejectedByReason = new TreeMap<>();
        final Map<String, Long> failedByReason = new TreeMap<>();
        final Map<String, Long> warningsByCode = new TreeMap<>();
        final Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        final Map<String, Long> allocationsByArm = new TreeMap<>();

        void add(Answer answer, BufferedWriter rejectsOut) throws IOException {
            read++;
            if (answer.failure() != null) {
                failed++;
                failedByReason.merge(answer.failure(), 1L, Long::sum);
                write(Rejection.failed(answer.line(), answer.failure()), rejectsOut);
                return;
            }
            DecisionResult result = answer.result();
            if (result.isAccepted()) {
                accepted++;
                records += result.outcome().recordIds().size();
                for (Warning warning : result.outcome().warnings()) {
                    warningsByCode.merge(warning.code(), 1L, Long::sum);
                }
                verdicts.merge(result.outcome().verdict(), 1L, Long::sum);
                for (TrialVerdict trial : result.outcome().trials()) {
                    if (trial.allocatedNow()) {
                        allocationsByArm.merge(trial.trialId() + ": " + trial.arm(), 1L, Long::sum);
                    }
                }
                return;
            }
            rejected++;
            for (FieldError error : result.errors()) {
                rejectedByReason.merge(error.toString(), 1L, Long::sum);
            }
            write(new Rejection(answer.line(), result.errors()), rejectsOut);
        }

        private static void write(Rejection rejection, BufferedWriter rejectsOut) throws IOException {
            rejectsOut.write(TutkaJson.write(rejection));
            rejectsOut.write('\n');
        }
    }
}
