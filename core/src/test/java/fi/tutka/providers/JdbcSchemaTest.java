package fi.tutka.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema a database is opened with: each store's newest version is that of its newest migration file, and an
 * up-to-date history lets the database open without Flyway, while anything else goes to Flyway.
 */
class JdbcSchemaTest {
    private static final Pattern MIGRATION = Pattern.compile("V([0-9_]+)__.*\\.sql");

    @TempDir
    Path dir;

    @Test
    void eachStoresLatestVersionIsItsNewestMigrationFile() throws Exception {
        for (JdbcDatabase.Kind kind : JdbcDatabase.Kind.values()) {
            assertLatestIsNewestFile(JdbcAllocationStore::schema, kind);
            assertLatestIsNewestFile(JdbcIdentityVault::schema, kind);
        }
        assertThat(JdbcAllocationStore.schema(JdbcDatabase.Kind.POSTGRESQL).latest()).isEqualTo("1.1");
        assertThat(JdbcAllocationStore.schema(JdbcDatabase.Kind.H2).latest()).isEqualTo("1");
    }

    private static void assertLatestIsNewestFile(Function<JdbcDatabase.Kind, JdbcDatabase.Schema> schemas,
            JdbcDatabase.Kind kind) throws IOException, URISyntaxException {
        JdbcDatabase.Schema schema = schemas.apply(kind);
        List<List<Integer>> versions = new ArrayList<>();
        for (String location : schema.locations()) {
            Path folder = Path.of(JdbcSchemaTest.class.getClassLoader()
                    .getResource(location.substring("classpath:".length())).toURI());
            try (Stream<Path> files = Files.list(folder)) {
                files.map(file -> MIGRATION.matcher(file.getFileName().toString())).filter(Matcher::matches)
                        .forEach(m -> versions.add(Stream.of(m.group(1).split("_")).map(Integer::valueOf).toList()));
            }
        }
        List<Integer> newest = versions.stream().max(JdbcSchemaTest::compareVersions).orElseThrow();
        assertThat(schema.latest()).as("%s on %s", schema.locations(), kind)
                .isEqualTo(String.join(".", newest.stream().map(String::valueOf).toList()));
    }

    private static int compareVersions(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Test
    void aMigratedHistoryIsCurrentAndAnythingElseIsNot() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("ledger") + ";AUTO_SERVER=TRUE";
        try (HikariDataSource pool = pool(url)) {
            assertThat(JdbcDatabase.current(pool, "tutka_ledger_schema_history", "1")).as("no history yet")
                    .isFalse();
        }
        JdbcAllocationStore.open(url, null, null).close();
        try (HikariDataSource pool = pool(url)) {
            assertThat(JdbcDatabase.current(pool, "tutka_ledger_schema_history", "1")).as("migrated").isTrue();
            assertThat(JdbcDatabase.current(pool, "tutka_ledger_schema_history", "1.1")).as("a newer version")
                    .isFalse();
            execute(pool, "UPDATE \"tutka_ledger_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
            assertThat(JdbcDatabase.current(pool, "tutka_ledger_schema_history", "1")).as("failed").isFalse();
        }
    }

    /** A history with a failed migration is not skipped: Flyway opens the database and refuses it. */
    @Test
    void aFailedMigrationIsReportedByFlywayOnTheNextOpen() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("ledger") + ";AUTO_SERVER=TRUE";
        JdbcAllocationStore.open(url, null, null).close();
        try (HikariDataSource pool = pool(url)) {
            execute(pool, "UPDATE \"tutka_ledger_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
        }

        TutkaException e = catchThrowableOfType(TutkaException.class, () -> JdbcAllocationStore.open(url, null, null));

        assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("CONFIGURATION: cannot create or upgrade the allocation ledger's "
                + "schema at " + url + " (setting 'tutka.allocations.url', or --ledger-url): ")
                .contains("failed migration");
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        return new HikariDataSource(config);
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.commit();
        }
    }
}
