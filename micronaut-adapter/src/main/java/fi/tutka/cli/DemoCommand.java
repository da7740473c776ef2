package fi.tutka.cli;

import fi.tutka.delivery.DeliveryBuilder;
import fi.tutka.sample.SampleGenerator;
import fi.tutka.sample.SampleRecipient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tutka demo}: sample, run and deliver on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generates a half-year of sample decisions, evaluates them and builds the delivery, all in one "
                + "folder, and prints where the delivery is.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "tutka-demo", description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    SampleOptions sample;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path decisions = dir.resolve("decisions.jsonl");
        Path records = dir.resolve("records");

        out.println("== 1/3 sample");
        SampleGenerator.Stats stats = sample.write(decisions);
        out.printf("Wrote %,d decisions to %s (%,d deliberately invalid)%n", stats.lines(), decisions,
                stats.invalid());
        SampleRecipient.Paths recipient = SampleCommand.recipient(dir, out);
        out.println();

        out.println("== 2/3 run");
        EngineOptions engine = new EngineOptions();
        engine.records = records;
        engine.keys = dir.resolve("keys.properties");
        engine.clock = TutkaCommand.clock(spec);
        RunCommand.run(engine, decisions, RunCommand.defaultRejects(decisions), 500,
                Runtime.getRuntime().availableProcessors(), out, err);
        out.println();

        out.println("== 3/3 deliver");
        DeliveryBuilder.Result result = DeliverCommand.deliver(sample.area, sample.period, engine,
                dir.resolve("deliveries"), recipient.certificate(), ProgressLine.delivery(err,
                        System.console() != null));
        DeliverCommand.print(out, result);
        out.println();
        out.println("Delivery ready: " + result.folder());
        out.println("Open its linkage file with the sample recipient's key:");
        out.println("  " + SampleCommand.decryptCommand(result.folder(), recipient));
        return 0;
    }
}
