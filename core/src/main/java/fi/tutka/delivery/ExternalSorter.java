package fi.tutka.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more items than fit in memory: items are gathered in runs of at most {@code runSize}, each run is sorted and
 * written to a file in a work folder, and {@link #sorted()} merges the runs. Memory holds one run, plus one buffered
 * reader per run being merged; no more than {@value #MAX_FAN_IN} runs are merged at once (more are merged in
 * rounds). The sort is stable: items that compare equal come out in the order they were added.
 *
 * @param <T> the items
 */
final class ExternalSorter<T> implements AutoCloseable {
    /** Writes and reads one item. */
    interface Codec<T> {
        void write(DataOutputStream out, T item) throws IOException;

        T read(DataInputStream in) throws IOException;
    }

    /** An iterator over sorted items that holds open files until closed. */
    interface Sorted<T> extends AutoCloseable {
        boolean hasNext();

        T next();

        @Override
        void close();
    }

    static final int MAX_FAN_IN = 128;

    /** A sorted run on disk; reading stops after its count, so a short file is an error, never a silent end. */
    private record Run(Path file, long items) {
    }

    private static final int BUFFER = 1 << 15;

    private final Path folder;
    private final String name;
    private final Comparator<T> order;
    private final Codec<T> codec;
    private final int runSize;
    private final List<T> run = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private int files;
    private long count;
    private boolean merged;

    /**
     * @param folder  an existing work folder, owned by the caller; run files are named after {@code name}
     * @param runSize items sorted in memory at once
     */
    ExternalSorter(Path folder, String name, Comparator<T> order, Codec<T> codec, int runSize) {
        if (runSize < 1) {
            throw new IllegalArgumentException("runSize must be at least 1");
        }
        this.folder = folder;
        this.name = name;
        this.order = order;
        this.codec = codec;
        this.runSize = runSize;
    }

    void add(T item) {
        if (merged) {
            throw new IllegalStateException("items cannot be added after sorted()");
        }
        run.add(item);
        count++;
        if (run.size() >= runSize) {
            spill();
        }
    }

    /** How many items were added. */
    long count() {
        return count;
    }

    /** Every item added, in order; call once. */
    Sorted<T> sorted() {
        if (merged) {
            throw new IllegalStateException("sorted() was called before");
        }
        merged = true;
        if (runs.isEmpty()) {
            run.sort(order); // everything fitted in memory
            List<T> items = List.copyOf(run);
            run.clear();
            return new Sorted<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < items.size();
                }

                @Override
                public T next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return items.get(next++);
                }

                @Override
                public void close() {
                }
            };
        }
        if (!run.isEmpty()) {
            spill();
        }
        // Passes over everything: each merges consecutive groups of runs into one, so that every item is read once
        // a pass and the order of runs (hence stability) is kept. log(runs) / log(MAX_FAN_IN) passes in all.
        // A merged run takes its group's place at once, so that close() always knows every file there is.
        while (runs.size() > MAX_FAN_IN) {
            for (int at = 0; at < runs.size(); at++) {
                List<Run> group = new ArrayList<>(runs.subList(at, Math.min(at + MAX_FAN_IN, runs.size())));
                if (group.size() > 1) {
                    runs.add(at, mergeToFile(group)); // merging removed the group's runs
                }
            }
        }
        return new Merge(new ArrayList<>(runs));
    }

    /** Merges runs into one run file; the merged runs' files are deleted. */
    private Run mergeToFile(List<Run> group) {
        Path out = nextFile();
        long items = 0;
        try (Merge merge = new Merge(group); DataOutputStream data = writer(out)) {
            while (merge.hasNext()) {
                codec.write(data, merge.next());
                items++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge sort runs into " + out, e);
        }
        return new Run(out, items);
    }

    /** Deletes the run files. */
    @Override
    public void close() {
        for (Run run : runs) {
            try {
                Files.deleteIfExists(run.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete sort run " + run.file(), e);
            }
        }
        runs.clear();
    }

    private void spill() {
        run.sort(order);
        Path out = nextFile();
        try (DataOutputStream data = writer(out)) {
            for (T item : run) {
                codec.write(data, item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sort run " + out, e);
        }
        runs.add(new Run(out, run.size()));
        run.clear();
    }

    private Path nextFile() {
        return folder.resolve(name + "-" + files++ + ".run");
    }

    private static DataOutputStream writer(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    /** A k-way merge of sorted run files; ties go to the earlier run, which keeps the sort stable. */
    private final class Merge implements Sorted<T> {
        private final List<DataInputStream> inputs = new ArrayList<>();
        private final List<Run> files;
        private final long[] left;
        private final PriorityQueue<Head<T>> heads;

        private record Head<T>(T item, int run) {
        }

        Merge(List<Run> files) {
            this.files = files;
            this.left = new long[files.size()];
            Comparator<Head<T>> byItem = Comparator.comparing(Head::item, order);
            this.heads = new PriorityQueue<>(Math.max(1, files.size()), byItem.thenComparingInt(Head::run));
            try {
                for (int i = 0; i < files.size(); i++) {
                    inputs.add(new DataInputStream(new BufferedInputStream(
                            Files.newInputStream(files.get(i).file()), BUFFER)));
                    left[i] = files.get(i).items();
                    advance(i);
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot open sort runs", e);
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public T next() {
            Head<T> head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            try {
                advance(head.run());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort run " + files.get(head.run()).file(), e);
            }
            return head.item();
        }

        private void advance(int index) throws IOException {
            if (left[index] > 0) {
                left[index]--;
                heads.add(new Head<>(codec.read(inputs.get(index)), index));
            }
        }

        @Override
        public void close() {
            IOException failure = null;
            for (DataInputStream input : inputs) {
                try {
                    input.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
            for (Run run : files) {
                try {
                    Files.deleteIfExists(run.file());
                } catch (IOException e) {
                    failure = e;
                }
            }
            runs.removeAll(files);
            if (failure != null) {
                throw new UncheckedIOException("cannot clean up sort runs", failure);
            }
        }
    }
}
