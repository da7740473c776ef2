package fi.tutka.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ExternalSorterTest {
    /** A key that often ties, and the order it was added in, to see stability. */
    record Item(int key, int added) {
    }

    static final ExternalSorter.Codec<Item> CODEC = new ExternalSorter.Codec<>() {
        @Override
        public void write(DataOutputStream out, Item item) throws IOException {
            out.writeInt(item.key());
            out.writeInt(item.added());
        }

        @Override
        public Item read(DataInputStream in) throws IOException {
            return new Item(in.readInt(), in.readInt());
        }
    };

    @Property(tries = 200)
    void givesWhatAStableInMemorySortGives(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 40) Integer> keys,
            @ForAll @IntRange(min = 1, max = 50) int runSize) throws IOException {
        Path folder = Files.createTempDirectory("sorter");
        try {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                items.add(new Item(keys.get(i), i));
            }
            List<Item> sorted = new ArrayList<>();
            try (ExternalSorter<Item> sorter = new ExternalSorter<>(folder, "items",
                    Comparator.comparingInt(Item::key), CODEC, runSize)) {
                items.forEach(sorter::add);
                try (ExternalSorter.Sorted<Item> merged = sorter.sorted()) {
                    while (merged.hasNext()) {
                        sorted.add(merged.next());
                    }
                }
            }

            List<Item> expected = new ArrayList<>(items);
            expected.sort(Comparator.comparingInt(Item::key)); // List.sort is stable
            assertThat(sorted).isEqualTo(expected);
            assertThat(files(folder)).isEmpty(); // every run file removed
        } finally {
            Files.delete(folder);
        }
    }

    @Property(tries = 5)
    void mergesInRoundsWhenThereAreMoreRunsThanTheFanIn(@ForAll @IntRange(min = 1, max = 3) int rounds)
            throws IOException {
        sortsInOrderAndLeavesNoFile(CODEC, 2, ExternalSorter.MAX_FAN_IN * 2 * rounds + 3);
    }

    /**
     * Two passes before the final merge: every pass reads each item once, so reading stays linear in the items
     * (merging into one ever-growing run would read it again for every group of runs).
     */
    @Property(tries = 1)
    void everyPassReadsEachItemOnce() throws IOException {
        int count = ExternalSorter.MAX_FAN_IN * ExternalSorter.MAX_FAN_IN + 5;
        long[] reads = {0};
        ExternalSorter.Codec<Item> counting = new ExternalSorter.Codec<>() {
            @Override
            public void write(DataOutputStream out, Item item) throws IOException {
                CODEC.write(out, item);
            }

            @Override
            public Item read(DataInputStream in) throws IOException {
                reads[0]++;
                return CODEC.read(in);
            }
        };
        sortsInOrderAndLeavesNoFile(counting, 1, count);
        // Pass 1 reads all; pass 2 merges the first 128 of its 129 runs (the last, of 5 items, is alone); the final
        // merge reads all.
        assertThat(reads[0]).isEqualTo(count + (count - 5) + count);
    }

    /** Sorts {@code count} items whose keys often tie in runs of {@code runSize}: stable order, no file left. */
    private static void sortsInOrderAndLeavesNoFile(ExternalSorter.Codec<Item> codec, int runSize, int count)
            throws IOException {
        Path folder = Files.createTempDirectory("sorter");
        try (ExternalSorter<Item> sorter = new ExternalSorter<>(folder, "items", Comparator.comparingInt(Item::key),
                codec, runSize)) {
            for (int i = 0; i < count; i++) {
                sorter.add(new Item((i * 7919) % 97, i));
            }
            List<Item> sorted = new ArrayList<>();
            try (ExternalSorter.Sorted<Item> merged = sorter.sorted()) {
                while (merged.hasNext()) {
                    sorted.add(merged.next());
                }
            }
            assertThat(sorted).hasSize(count).isSortedAccordingTo(
                    Comparator.comparingInt(Item::key).thenComparingInt(Item::added));
        } finally {
            try (Stream<Path> left = Files.list(folder)) {
                assertThat(left).isEmpty();
            }
            Files.delete(folder);
        }
    }

    @Property(tries = 1)
    void aShortRunFileIsAnErrorNotASilentEnd() throws IOException {
        Path folder = Files.createTempDirectory("sorter");
        try (ExternalSorter<Item> sorter = new ExternalSorter<>(folder, "items", Comparator.comparingInt(Item::key),
                CODEC, 4)) {
            for (int i = 0; i < 8; i++) {
                sorter.add(new Item(i, i));
            }
            Path run = folder.resolve("items-1.run");
            byte[] bytes = Files.readAllBytes(run);
            Files.write(run, java.util.Arrays.copyOf(bytes, bytes.length - 8)); // the last item cut off

            assertThatThrownBy(() -> {
                try (ExternalSorter.Sorted<Item> merged = sorter.sorted()) {
                    while (merged.hasNext()) {
                        merged.next();
                    }
                }
            }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot read sort run");
        } finally {
            for (Path file : files(folder)) {
                Files.delete(file);
            }
            Files.delete(folder);
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
