package fi.tutka.delivery;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One selected record, as much of it as the delivery needs, in the form the external sorts write to disk.
 *
 * @param read          the record's place in reading order (files by name, then lines): among records with the same
 *                      id, the first read is kept
 * @param inPeriod      whether its Helsinki date falls in the half-year; earlier service events are selected too,
 *                      for the episodes they begin
 * @param eventsRow     its row of {@code events.csv} as CSV text, or null when it is no service event of the period
 * @param unlisted      what the row's coded cells hold that their value lists lack, as {@code variable=value}
 *                      ({@link Codebook.Unlisted#inRow}); empty for nearly every record
 * @param event         the service event as episodes need it, or null for other record types
 */
record Selected(long read, Instant time, String id, String type, boolean inPeriod, String schemaVersion,
        String rulesetVersion, String engineVersion, String subjectKey, List<String> qualityFlags, String eventsRow,
        List<String> unlisted, Episodes.Event event) {

    /** Id, then reading order: duplicates side by side, the first read first. */
    static final Comparator<Selected> BY_ID = Comparator.comparing(Selected::id).thenComparingLong(Selected::read);
    /** Delivery order: time, then id. */
    static final Comparator<Selected> BY_TIME = Comparator.comparing(Selected::time).thenComparing(Selected::id);

    static final ExternalSorter.Codec<Selected> CODEC = new ExternalSorter.Codec<>() {
        @Override
        public void write(DataOutputStream out, Selected s) throws IOException {
            out.writeLong(s.read);
            writeInstant(out, s.time);
            writeString(out, s.id);
            writeString(out, s.type);
            out.writeBoolean(s.inPeriod);
            writeString(out, s.schemaVersion);
            writeString(out, s.rulesetVersion);
            writeString(out, s.engineVersion);
            writeString(out, s.subjectKey);
            writeStrings(out, s.qualityFlags);
            writeString(out, s.eventsRow);
            writeStrings(out, s.unlisted);
            out.writeBoolean(s.event != null);
            if (s.event != null) {
                EVENT_CODEC.write(out, s.event);
            }
        }

        @Override
        public Selected read(DataInputStream in) throws IOException {
            long read = in.readLong();
            Instant time = readInstant(in);
            String id = readString(in);
            String type = readString(in);
            boolean inPeriod = in.readBoolean();
            String schemaVersion = readString(in);
            String rulesetVersion = readString(in);
            String engineVersion = readString(in);
            String subjectKey = readString(in);
            List<String> flags = readStrings(in);
            String eventsRow = readString(in);
            List<String> unlisted = readStrings(in);
            Episodes.Event event = in.readBoolean() ? EVENT_CODEC.read(in) : null;
            return new Selected(read, time, id, type, inPeriod, schemaVersion, rulesetVersion, engineVersion,
                    subjectKey, flags, eventsRow, unlisted, event);
        }
    };

    static final ExternalSorter.Codec<Episodes.Event> EVENT_CODEC = new ExternalSorter.Codec<>() {
        @Override
        public void write(DataOutputStream out, Episodes.Event e) throws IOException {
            writeString(out, e.recordId());
            writeInstant(out, e.time());
            writeString(out, e.subject());
            writeString(out, e.subjectKey());
            writeString(out, e.area());
            writeString(out, e.code());
            writeString(out, e.serviceClass());
            writeString(out, e.statutory());
            writeString(out, e.eventType());
            writeDate(out, e.localDate());
            writeDate(out, e.startDate());
            writeDate(out, e.endDate());
            writeString(out, e.costEur());
            writeString(out, e.funding());
        }

        @Override
        public Episodes.Event read(DataInputStream in) throws IOException {
            return new Episodes.Event(readString(in), readInstant(in), readString(in), readString(in),
                    readString(in), readString(in), readString(in), readString(in), readString(in), readDate(in),
                    readDate(in), readDate(in), readString(in), readString(in));
        }
    };

    /** A subject and its key, for the linkage file. */
    record Subject(String subject, String subjectKey) {
        static final Comparator<Subject> ORDER =
                Comparator.comparing(Subject::subject).thenComparing(Subject::subjectKey);

        static final ExternalSorter.Codec<Subject> CODEC = new ExternalSorter.Codec<>() {
            @Override
            public void write(DataOutputStream out, Subject s) throws IOException {
                writeString(out, s.subject);
                writeString(out, s.subjectKey);
            }

            @Override
            public Subject read(DataInputStream in) throws IOException {
                return new Subject(readString(in), readString(in));
            }
        };
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count == 0) {
            return List.of();
        }
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString(in));
        }
        return values;
    }

    private static void writeInstant(DataOutputStream out, Instant time) throws IOException {
        out.writeLong(time.getEpochSecond());
        out.writeInt(time.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeDate(DataOutputStream out, LocalDate date) throws IOException {
        out.writeLong(date == null ? Long.MIN_VALUE : date.toEpochDay());
    }

    private static LocalDate readDate(DataInputStream in) throws IOException {
        long day = in.readLong();
        return day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day);
    }
}
