package fi.tutka.rules;

import fi.tutka.providers.ClasspathRuleSource;
import fi.tutka.spi.ProviderFactory;
import fi.tutka.spi.RuleSource;
import fi.tutka.spi.Settings;
import java.time.Clock;

/** {@code tutka.rules=bundled}: the rule pack in this jar, {@code fi/tutka/rules}. */
public final class BundledRules implements ProviderFactory<RuleSource> {
    /** The pack's folder on the class path. */
    public static final String FOLDER = "fi/tutka/rules";

    /** The bundled pack as a rule source. */
    public static RuleSource source() {
        return new ClasspathRuleSource(BundledRules.class.getClassLoader(), FOLDER);
    }

    @Override
    public Class<RuleSource> type() {
        return RuleSource.class;
    }

    @Override
    public String name() {
        return "bundled";
    }

    @Override
    public RuleSource create(Settings settings, Clock clock) {
        return source();
    }
}
