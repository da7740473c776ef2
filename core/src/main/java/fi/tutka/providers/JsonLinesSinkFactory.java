package fi.tutka.providers;

import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;

/** {@code tutka.sink=jsonl}: JSON Lines in {@code tutka.sink.dir} (default {@code tutka-data/records}). */
public final class JsonLinesSinkFactory implements ProviderFactory<RecordSink> {
    @Override
    public Class<RecordSink> type() {
        return RecordSink.class;
    }

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public RecordSink create(Settings settings, Clock clock) {
        return new JsonLinesRecordSink(Path.of(settings.get("tutka.sink.dir", "tutka-data/records")));
    }
}
