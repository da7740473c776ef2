package fi.tutka.cli;

import fi.tutka.providers.JdbcAllocationStoreFactory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which allocation ledger: its URL and user; the password comes from the environment, never the command line. */
final class LedgerOptions {
    static final String PASSWORD_VARIABLE = "TUTKA_ALLOCATIONS_PASSWORD";

    @Option(names = "--ledger-url", paramLabel = "URL",
            description = "Trial allocation ledger: jdbc:h2:file:... or jdbc:postgresql://host/db (default: the H2 "
                    + "file ledger/allocations beside the records folder, tutka-data/ledger/allocations). User from "
                    + "--ledger-user, password from the environment variable " + PASSWORD_VARIABLE + ".")
    String url;

    @Option(names = "--ledger-user", paramLabel = "USER", description = "Database user of the ledger.")
    String user;

    /** The URL given, or the embedded ledger beside the records folder. */
    String url(Path records) {
        return url != null ? url : JdbcAllocationStoreFactory.h2FileUrl(defaultFile(records));
    }

    static String password() {
        return System.getenv(PASSWORD_VARIABLE);
    }

    /** The embedded ledger sits beside the records folder: {@code tutka-data/records} → {@code tutka-data/ledger}. */
    static Path defaultFile(Path records) {
        return EngineOptions.besideRecords(records, "ledger", "allocations");
    }
}
