package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.drools.drl.parser.ParserError;
import org.kie.api.KieBase;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles rule files (DRL and CSV or XLSX decision tables) into a {@link KieBase} on Drools' classic path. Errors
 * come back as {@code file:line:column: message}. Other files in a rules folder (a {@code VERSION} file, notes) are
 * not compiled; {@code VERSION} gives the ruleset's human version.
 */
public final class RuleCompiler {

    /** A compiled ruleset: the knowledge base, its version and the number of rules in it. */
    public record CompiledRules(KieBase kieBase, String version, int ruleCount) {
    }

    private RuleCompiler() {
    }

    public static CompiledRules compile(List<RuleSource> sources) {
        List<RuleResource> files = new ArrayList<>();
        for (RuleSource source : sources) {
            files.addAll(source.resources());
        }
        files.sort(Comparator.comparing(RuleResource::name));
        ClassLoader loader = RuleCompiler.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            KnowledgeBuilderConfiguration configuration =
                    KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, loader);
            KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
            String humanVersion = null;
            int compiled = 0;
            for (RuleResource file : files) {
                String name = file.name();
                String lower = name.toLowerCase(Locale.ROOT);
                Resource resource = ResourceFactory.newByteArrayResource(file.content()).setSourcePath(name);
                if (lower.endsWith(".drl")) {
                    builder.add(resource, ResourceType.DRL);
                    compiled++;
                } else if (lower.endsWith(".csv") || lower.endsWith(".xlsx")) {
                    DecisionTableConfiguration table = KnowledgeBuilderFactory.newDecisionTableConfiguration();
                    table.setInputType(lower.endsWith(".csv") ? DecisionTableInputType.CSV : DecisionTableInputType.XLSX);
                    resource.setResourceType(ResourceType.DTABLE);
                    builder.add(resource, ResourceType.DTABLE, table);
                    compiled++;
                } else if (name.equals("VERSION") || name.endsWith("/VERSION")) {
                    humanVersion = new String(file.content(), StandardCharsets.UTF_8).strip();
                }
            }
            if (builder.hasErrors()) {
                List<String> errors = new ArrayList<>();
                for (KnowledgeBuilderResult error : builder.getErrors()) {
                    errors.add(describe(error));
                }
                throw new TutkaException(ErrorCode.RULES_COMPILE, errors.size() + " error(s) in rules from "
                        + names(sources) + ":\n" + String.join("\n", errors));
            }
            if (compiled == 0) {
                throw new TutkaException(ErrorCode.RULES_COMPILE, "no rule files (.drl, .csv, .xlsx) in "
                        + names(sources));
            }
            KieBase kieBase = builder.newKieBase();
            int ruleCount = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
            String hash = contentHash(files);
            String version = humanVersion == null || humanVersion.isEmpty() ? hash : humanVersion + "+" + hash;
            return new CompiledRules(kieBase, version, ruleCount);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String describe(KnowledgeBuilderResult error) {
        String file = error.getResource() == null || error.getResource().getSourcePath() == null
                ? "<unknown>" : error.getResource().getSourcePath();
        int[] lines = error.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(lines[0], 0) : 0;
        int column = error instanceof ParserError parserError ? parserError.getCol() : 0;
        String message = error.getMessage() == null ? "" : error.getMessage().strip().replaceAll("\\s+", " ");
        return file + ":" + line + ":" + column + ": " + message;
    }

    private static String names(List<RuleSource> sources) {
        return sources.stream().map(RuleSource::name).reduce((a, b) -> a + ", " + b).orElse("no rule source");
    }

    /** SHA-256 over the sorted files' names and contents: the same files give the same version. */
    private static String contentHash(List<RuleResource> sorted) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (RuleResource file : sorted) {
                digest.update(file.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.content());
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
