package fi.tutka.cli;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.delivery.DeliveryBuilder;
import fi.tutka.providers.JdbcAllocationStore;
import fi.tutka.spi.LedgerCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka deliver}: the area's half-year delivery folder. */
@Command(name = "deliver", mixinStandardHelpOptions = true,
        description = "Builds the delivery folder tutka-<area>-<period> for one area and half-year from the records.")
final class DeliverCommand implements Callable<Integer> {
    @Option(names = "--area", required = true, description = "Area's host municipality code, such as 179.")
    String area;

    @Option(names = "--period", required = true, converter = Period.Converter.class,
            description = "Half-year, such as 2026H1.")
    Period period;

    @Option(names = "--records", paramLabel = "DIR", defaultValue = "tutka-data/records",
            description = "Folder of the record files (default: ${DEFAULT-VALUE}).")
    Path records;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "tutka-data/deliveries",
            description = "Folder to write the delivery folder in (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    LedgerOptions ledger = new LedgerOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeliveryBuilder.Result result = deliver(area, period, records, output, ledgerHead(records, ledger));
        print(spec.commandLine().getOut(), result);
        return 0;
    }

    /**
     * The allocation ledger's chain head, or null when no ledger was named and none lies beside the records: a
     * delivery made without trials has no ledger to anchor.
     */
    static String ledgerHead(Path records, LedgerOptions options) {
        if (options.url == null && !Files.exists(Path.of(LedgerOptions.defaultFile(records) + ".mv.db"))) {
            return null;
        }
        try (JdbcAllocationStore ledger = JdbcAllocationStore.open(options.url(records), options.user,
                LedgerOptions.password())) {
            // The manifest vouches for the ledger's state: never for a chain that is already broken.
            LedgerCheck check = ledger.verify();
            if (!check.intact()) {
                throw new TutkaException(ErrorCode.LEDGER_FAILURE, "the allocation ledger at " + ledger.url()
                        + " fails its check (" + check.problems().size() + " problem(s), the first: "
                        + check.problems().get(0) + "), so no delivery was built: see tutka trials verify-ledger");
            }
            return check.head();
        }
    }

    static DeliveryBuilder.Result deliver(String area, Period period, Path records, Path output, String ledgerHead) {
        if (!area.matches("\\d{3}")) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--area '" + area
                    + "' is not an area: give its host municipality's 3-digit code, such as 179");
        }
        if (!Files.isDirectory(records)) {
            throw new TutkaException(ErrorCode.CONFIGURATION, "--records " + records
                    + " is not a folder: give the folder that tutka run wrote records to");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot create " + output + ": " + e.getMessage()
                    + "; check --output", e);
        }
        return DeliveryBuilder.builder().records(records).area(area).period(period.year(), period.half())
                .output(output).clock(Clock.systemUTC()).ledgerHead(ledgerHead).build().write();
    }

    static void print(PrintWriter out, DeliveryBuilder.Result result) {
        out.printf("Records read:       %,d%n", result.recordsRead());
        result.recordsByType().forEach((type, count) -> out.printf("  %,8d  %s%n", count, type));
        out.printf("Events written:     %,d%n", result.eventsWritten());
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
        out.printf("Check it with:      (cd %s && sha256sum -c SHA256SUMS)%n", result.folder());
        out.flush();
    }
}
