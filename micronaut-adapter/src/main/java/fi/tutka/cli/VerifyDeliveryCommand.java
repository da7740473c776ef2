package fi.tutka.cli;

import fi.tutka.delivery.DeliveryVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tutka verify-delivery DIR}: checks a delivery folder as its recipient would. */
@Command(name = "verify-delivery", mixinStandardHelpOptions = true,
        description = {"Checks a delivery folder tutka-<area>-<period> as its recipient would: SHA256SUMS and the "
                + "manifest against the files, the codebook, every CSV file (UTF-8, RFC 4180, header, cell types "
                + "and codes), no identity code outside linkage.csv.p7m, and that linkage.csv.p7m is CMS "
                + "EnvelopedData. Prints every problem as file:line: message.",
                "Exit code 0: no problem; 1: problems found; 2: DIR is not a folder."})
final class VerifyDeliveryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR",
            description = "The delivery folder, such as tutka-data/deliveries/tutka-179-2026H1.")
    Path folder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeliveryVerifier.Result result = DeliveryVerifier.check(folder);
        PrintWriter out = spec.commandLine().getOut();
        result.problems().forEach(out::println);
        if (result.ok()) {
            out.printf("Delivery OK: %d files checked%n", result.filesChecked());
        } else {
            out.printf("%,d problem(s) found%n", result.problemCount());
        }
        out.flush();
        return result.ok() ? 0 : 1;
    }
}
