package fi.tutka.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import fi.tutka.providers.JdbcAllocationStoreFactory;
import fi.tutka.providers.JdbcIdentityVaultFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's settings from the sidecar's configuration, with the other commands' defaults. */
class EngineSettingsTest {

    static Map<String, String> settings(PropertySource... sources) {
        try (ApplicationContext context = ApplicationContext.builder().propertySources(sources).build()) {
            Environment environment = context.getEnvironment();
            environment.start();
            return EngineSettings.of(environment).asMap();
        }
    }

    @Test
    void withNothingConfiguredTheDefaultsAreTheOtherCommands() {
        Map<String, String> settings = settings();

        Path data = Path.of("tutka-data").toAbsolutePath();
        assertThat(settings).containsEntry("tutka.sink.dir", "tutka-data/records")
                .containsEntry("tutka.keys.file", "tutka-data/keys.properties")
                .containsEntry("tutka.allocations.url",
                        JdbcAllocationStoreFactory.h2FileUrl(data.resolve("ledger/allocations")))
                .containsEntry("tutka.vault.url", JdbcIdentityVaultFactory.h2FileUrl(data.resolve("vault/identities")));
    }

    @Test
    void theLedgerAndVaultFollowTheRecordsFolderAndTheSidecarsOwnSettingsStayOut() {
        Map<String, String> settings = settings(PropertySource.of("test", Map.of("tutka.sink.dir", "/srv/tutka/records",
                "tutka.sink", "jsonl", "tutka.rules", "none", "tutka.http.token", "t", "tutka.delivery.recipient",
                "/etc/statfi.crt", "tutka.sink.kafka.topic", "decisions")));

        assertThat(settings).containsEntry("tutka.sink.dir", "/srv/tutka/records").containsEntry("tutka.sink", "jsonl")
                .containsEntry("tutka.rules", "none").containsEntry("tutka.sink.kafka.topic", "decisions")
                .containsEntry("tutka.allocations.url", JdbcAllocationStoreFactory.h2FileUrl(
                        Path.of("/srv/tutka/ledger/allocations")))
                .doesNotContainKeys("tutka.http.token", "tutka.delivery.recipient");
    }

    @Test
    void aHigherSourceWinsAsTheServeOptionsOverEnvironmentAndFile() {
        Map<String, String> settings = settings(
                PropertySource.of("file", Map.of("tutka.sink.dir", "/from/file", "tutka.keys.file", "/file/keys"), -300),
                PropertySource.of("tutka-serve", Map.of("tutka.sink.dir", "/from/options"), Sidecar.COMMAND_LINE_ORDER));

        assertThat(settings).containsEntry("tutka.sink.dir", "/from/options").containsEntry("tutka.keys.file",
                "/file/keys");
    }

    @Test
    void nestedSettingsAsAYamlFileGivesThemAreRead() {
        Map<String, String> settings = settings(PropertySource.of("yaml", Map.of("tutka", Map.of(
                "sink", Map.of("dir", "/from/yaml"), "keys", Map.of("generate", "false"),
                "http", Map.of("token", "t")))));

        assertThat(settings).containsEntry("tutka.sink.dir", "/from/yaml").containsEntry("tutka.keys.generate", "false")
                .doesNotContainKey("tutka.http.token");
    }

    @Test
    void environmentVariablesNameTheSameSettings() {
        // What Micronaut makes of the process's environment: names in capitals, read by the variables' convention.
        PropertySource variables = new MapPropertySource("env", Map.of("TUTKA_SINK_DIR", "/from/env",
                "TUTKA_ALLOCATIONS_PASSWORD", "pw")) {
            @Override
            public PropertyConvention getConvention() {
                return PropertyConvention.ENVIRONMENT_VARIABLE;
            }
        };
        Map<String, String> settings = settings(variables);

        assertThat(settings).containsEntry("tutka.sink.dir", "/from/env").containsEntry("tutka.allocations.password",
                "pw");
    }
}
