package fi.tutka.internal;

import fi.tutka.providers.ClasspathRuleSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.util.Drools;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled Drools packages of a rule folder packed in a jar, made when the jar is built ({@link #main}) and put
 * beside its {@code ruleset.list} as {@value ClasspathRuleSource#IMAGE}. Loading it takes a fraction of compiling the
 * rules at start (no parsing, no Java compiler); it is used only when it was made from exactly the files the folder
 * holds (the ruleset version, a hash of them) by the same Drools version, and the rules are compiled otherwise.
 *
 * <p>The image is Java serialization, read only from the class path, where it is as trusted as the classes beside it.
 */
final class RuleImage {
    private static final Logger LOG = LoggerFactory.getLogger(RuleImage.class);
    private static final String FORMAT = "tutka-rule-image-1";

    private RuleImage() {
    }

    /** Writes the image of {@code packages}, compiled from the files of {@code version}. */
    static void write(Collection<KiePackage> packages, String version, OutputStream out) throws IOException {
        try (ObjectOutputStream objects = new DroolsObjectOutputStream(out)) {
            objects.writeUTF(FORMAT);
            objects.writeUTF(Drools.getFullVersion());
            objects.writeUTF(version);
            objects.writeObject(new ArrayList<>(packages));
        }
    }

    /**
     * The packages of the source's image, when it has one made from the files of {@code version} by this Drools;
     * empty otherwise, and when it cannot be read (then it is logged, and the rules are compiled).
     */
    @SuppressWarnings("unchecked")
    static Optional<List<KiePackage>> read(ClasspathRuleSource source, String version, ClassLoader loader) {
        try (InputStream in = source.image().orElse(null)) {
            if (in == null) {
                return Optional.empty();
            }
            try (ObjectInputStream objects = new DroolsObjectInputStream(in, loader)) {
                String format = objects.readUTF();
                String drools = objects.readUTF();
                String imaged = objects.readUTF();
                if (!format.equals(FORMAT) || !drools.equals(Drools.getFullVersion()) || !imaged.equals(version)) {
                    LOG.debug("{}: the compiled image is of {} {} {}, not of {} {} {}: compiling the rules",
                            source.name(), format, drools, imaged, FORMAT, Drools.getFullVersion(), version);
                    return Optional.empty();
                }
                return Optional.of((List<KiePackage>) objects.readObject());
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("{}: cannot read the compiled image ({}): compiling the rules", source.name(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Compiles a class-path rule folder and writes its image: {@code RuleImage FOLDER FILE}, run by the build of the
     * jar that holds the folder ({@code fi/tutka/rules target/classes/fi/tutka/rules/compiled.rules}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: RuleImage CLASSPATH_FOLDER IMAGE_FILE");
        }
        ClasspathRuleSource source = new ClasspathRuleSource(RuleImage.class.getClassLoader(), args[0]);
        Path file = Path.of(args[1]);
        Files.deleteIfExists(file); // a stale image would only be skipped, but it must not be packed
        RuleCompiler.CompiledRules rules = RuleCompiler.compileFromFiles(List.of(source));
        try (OutputStream out = Files.newOutputStream(file)) {
            write(rules.kieBase().getKiePackages(), rules.version(), out);
        }
        System.out.printf("%s: %d rules, version %s, image %s (%,d bytes)%n", source.name(), rules.ruleCount(),
                rules.version(), file, Files.size(file));
    }
}
