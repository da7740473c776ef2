package fi.tutka.cli;

import fi.tutka.Tutka;
import fi.tutka.codec.TutkaJson;
import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.Settings;
import fi.tutka.trials.BalanceReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka trials report}: the balance of every loaded trial in the ledger. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Prints, per trial, stratum and arm, the allocation counts, the expected ratio and a chi-square "
                + "sample-ratio-mismatch p-value; corrected allocations stay counted.")
final class TrialsReportCommand implements Callable<Integer> {
    @Mixin
    EngineOptions engine;

    @Option(names = "--json", description = "Print the report as one JSON object instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BalanceReport report;
        Settings settings = engine.existingLedgerSettings();
        // The engine is built for its trials only: it evaluates nothing, so it gets no record sink or identity vault
        // of its own.
        try (AllocationStore ledger = JdbcAllocationStoreFactory.open(settings);
                Tutka tutka = Tutka.builder().settings(settings).allocationStore(ledger).recordSink(records -> { })
                        .identityVault(VaultOptions.UNUSED).build()) {
            report = BalanceReport.of(tutka.trials(), ledger);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? TutkaJson.write(report) + "\n" : report.text());
        out.flush();
        return 0;
    }
}
