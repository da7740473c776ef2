package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.delivery.DeliveryBuilder;
import fi.tutka.delivery.Recipient;
import fi.tutka.internal.ServedAreas;
import fi.tutka.providers.FileKeyProvider;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.trials.Trial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka deliver}: the area's half-year delivery folder. */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Builds the delivery folder tutka-<area>-<period> for one area and half-year from the records, "
                + "the allocation ledger and the identity vault that tutka run filled.")
final class DeliverCommand implements Callable<Integer> {
    @Option(names = "--area", required = true, description = "Area's host municipality code, such as 179.")
    String area;

    @Option(names = "--period", required = true, converter = Period.Converter.class,
            description = "Half-year, such as 2026H1.")
    Period period;

    @Option(names = "--recipient", required = true, paramLabel = "FILE",
            description = "X.509 certificate (PEM or DER) of Statistics Finland's delivery key: the linkage file is "
                    + "encrypted to it. tutka sample writes a test one, tutka-data/sample-recipient/recipient.crt.")
    Path recipient;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "tutka-data/deliveries",
            description = "Folder to write the delivery folder in (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    EngineOptions engine = new EngineOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DeliveryBuilder.Result result = deliver(area, period, engine, output, recipient,
                ProgressLine.delivery(err, System.console() != null));
        print(spec.commandLine().getOut(), result);
        return 0;
    }

    /**
     * Builds the delivery from what {@code tutka run} wrote for {@code engine}: its records, its identity vault
     * (opened with its key file's keys) and, when there is one, its allocation ledger, whose trials the rules define.
     */
    static DeliveryBuilder.Result deliver(String area, Period period, EngineOptions engine, Path output,
            Path recipientFile, DeliveryBuilder.Progress progress) {
        if (!area.matches("\\d{3}")) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--area '" + area
                    + "' is not an area: give its host municipality's 3-digit code, such as 179");
        }
        SortedSet<String> served = ServedAreas.of(engine.settings());
        if (!served.contains(area)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--area " + area + " " + ServedAreas.notServed(served)
                    + "; give one of them, or list the areas with --areas");
        }
        if (period.year() < DeliveryBuilder.FIRST_YEAR) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--period " + period + " is before "
                    + DeliveryBuilder.FIRST_YEAR + "H1: employment areas deliver from the TE reform (1 January "
                    + DeliveryBuilder.FIRST_YEAR + ") on");
        }
        Path records = engine.records;
        if (!Files.isDirectory(records)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--records " + records
                    + " is not a folder: give the folder that tutka run wrote records to");
        }
        if (!Files.isRegularFile(engine.keys)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--keys " + engine.keys + " is not a file: give the "
                    + "key file tutka run used; the identity vault's entries are encrypted under its keys");
        }
        Recipient recipient = Recipient.load(recipientFile, Clock.systemUTC());
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot create " + output + ": " + e.getMessage()
                    + "; check --output", e);
        }
        KeyProvider keys = new FileKeyProvider(engine.keys, false, Clock.systemUTC());
        try (JdbcIdentityVault vault = VaultOptions.open(engine.vault, records, keys);
                JdbcAllocationStore ledger = hasLedger(engine) ? JdbcAllocationStoreFactory.open(
                        engine.existingLedgerSettings()) : null) {
            return DeliveryBuilder.builder().records(records).servedAreas(served).area(area)
                    .period(period.year(), period.half())
                    .output(output).clock(Clock.systemUTC()).identityVault(vault).recipient(recipient)
                    .allocations(ledger).trials(ledger == null ? List.of() : trials(engine, ledger))
                    .progress(progress).build().write();
        }
    }

    /** Whether a ledger was named, or one lies beside the records: a delivery without trials has none. */
    private static boolean hasLedger(EngineOptions engine) {
        return engine.ledger.url != null
                || Files.exists(Path.of(LedgerOptions.defaultFile(engine.records) + ".mv.db"));
    }

    /** The trials the rules define, for the summary's expected shares; the engine evaluates nothing. */
    private static List<Trial> trials(EngineOptions engine, JdbcAllocationStore ledger) {
        try (Tutka tutka = Tutka.builder().settings(engine.settings()).allocationStore(ledger)
                .recordSink(records -> { }).identityVault(VaultOptions.UNUSED).build()) {
            return tutka.trials();
        }
    }

    static void print(PrintWriter out, DeliveryBuilder.Result result) {
        out.printf("Records read:       %,d%n", result.recordsRead());
        result.recordsByType().forEach((type, count) -> out.printf("  %,8d  %s%n", count, type));
        out.printf("Events written:     %,d%n", result.eventsWritten());
        out.printf("Episodes written:   %,d%n", result.episodesWritten());
        out.printf("Allocations:        %,d%n", result.allocationsWritten());
        out.printf("Linkage rows:       %,d%n", result.linkageRows());
        if (result.linkageMissing() > 0) {
            out.printf("Warning:            %,d subject(s) of the delivery have no identity code in the vault, so "
                    + "Statistics Finland cannot link them: were their records written by another vault "
                    + "(--vault-url)?%n", result.linkageMissing());
        }
        out.printf("Duplicates dropped: %,d%n", result.duplicatesDropped());
        out.printf("Other area/period:  %,d / %,d%n", result.otherAreaSkipped(), result.otherPeriodSkipped());
        if (result.tornLines() > 0) {
            out.printf("Torn lines skipped: %,d (never acknowledged: a crash cut them)%n", result.tornLines());
        }
        if (result.eventsWritten() == 0) {
            out.printf("Warning:            no service events of this area and half-year were found: the delivery "
                    + "is empty. Check --area, --period and --records.%n");
        }
        out.printf("Delivery:           %s%n", result.folder());
        out.printf("Check it with:      tutka verify-delivery %s%n", result.folder());
        out.printf("                    (cd %s && sha256sum -c SHA256SUMS)%n", result.folder());
        out.flush();
    }
}
