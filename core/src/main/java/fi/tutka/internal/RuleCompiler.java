package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.facts.TrialCheck;
import fi.tutka.providers.ClasspathRuleSource;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import fi.tutka.trials.Trial;
import fi.tutka.trials.TrialDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.drl.extensions.DecisionTableFactory;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.mvel.MVELConstraint;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles rule files (DRL and CSV or XLSX decision tables) into a {@link KieBase} on Drools' classic path. Errors
 * come back as {@code file:line:column: message}. Trial definitions ({@code <id>.trial.json}) are read with their
 * eligibility rules ({@code <id>.drl}). Other files (notes) are not rules and not part of the version;
 * {@code VERSION} gives the ruleset's human version.
 */
public final class RuleCompiler {
    /**
     * A compiled ruleset: the knowledge base, its version, the number of rules in it, its trials, where each rule
     * comes from (decision-table rows are rules of their own), ordered by source, file and name, and whether it was
     * loaded from the jar's compiled image ({@link RuleImage}) rather than compiled now.
     */
    public record CompiledRules(KieBase kieBase, String version, int ruleCount, List<Trial> trials,
            List<RuleOrigin> rules, boolean fromImage) {
    }

    /**
     * Where a rule comes from.
     *
     * @param source the rule source's name (a folder, {@code classpath:fi/tutka/rules})
     * @param file   the file within it ({@code tags.drl}, {@code service-codes-179.csv})
     * @param rule   the rule's name ({@code Service codes 179_11} for a decision-table row)
     */
    public record RuleOrigin(String source, String file, String rule) {
    }

    private RuleCompiler() {
    }

    /**
     * The version {@link #compile} gives these sources, without compiling them: the {@code VERSION} file's text
     * (the last source's, when several have one) and a hash of every rule file, {@code 2026.12+d341d47b589e}.
     */
    public static String version(List<RuleSource> sources) {
        return versionOf(ruleFiles(sources).stream().map(SourcedFile::file).toList());
    }

    /**
     * Compiles the sources' rules, or, for a class-path folder whose jar was built with its compiled image of exactly
     * these files ({@link RuleImage}), loads that.
     */
    public static CompiledRules compile(List<RuleSource> sources) {
        return compile(sources, true);
    }

    /** {@link #compile}, always from the rule files. */
    static CompiledRules compileFromFiles(List<RuleSource> sources) {
        return compile(sources, false);
    }

    private static CompiledRules compile(List<RuleSource> sources, boolean image) {
        List<SourcedFile> sourced = ruleFiles(sources);
        List<RuleResource> files = sourced.stream().map(SourcedFile::file).toList();
        String version = versionOf(files);
        ClassLoader loader = RuleCompiler.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            List<String> trialErrors = new ArrayList<>();
            Map<String, TrialDefinition> definitions = new TreeMap<>();
            Map<String, RuleResource> byName = new HashMap<>();
            for (RuleResource file : files) {
                String name = file.name();
                byName.put(name, file);
                if (name.toLowerCase(Locale.ROOT).endsWith(TrialDefinition.SUFFIX)) {
                    TrialDefinition definition = TrialDefinition.parse(name, file.content(), trialErrors);
                    if (definition != null && definitions.putIfAbsent(name, definition) != null) {
                        trialErrors.add(name + ": is given twice");
                    }
                }
            }
            Optional<List<KiePackage>> imaged = image && trialErrors.isEmpty() && sources.size() == 1
                    && sources.get(0) instanceof ClasspathRuleSource folder
                    ? RuleImage.read(folder, version, loader) : Optional.empty();
            KieBase kieBase;
            Function<Resource, String> sourceOf;
            if (imaged.isPresent()) {
                kieBase = newKieBase(imaged.get());
                String source = sources.get(0).name();
                sourceOf = resource -> source;
            } else {
                Map<Resource, String> sourceByResource = new IdentityHashMap<>();
                kieBase = build(sources, sourced, sourceByResource, trialErrors);
                sourceOf = resource -> sourceByResource.getOrDefault(resource, "");
            }
            int ruleCount = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
            List<Trial> trials = trials(definitions, byName, kieBase, sources);
            return new CompiledRules(kieBase, version, ruleCount, trials, origins(kieBase, sourceOf),
                    imaged.isPresent());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Compiles the rule files (not the trial definitions) into a knowledge base, or throws every error found. */
    private static KieBase build(List<RuleSource> sources, List<SourcedFile> sourced, Map<Resource, String> sourceOf,
            List<String> trialErrors) {
        KnowledgeBuilderConfiguration configuration =
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, RuleCompiler.class.getClassLoader());
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
        int compiled = 0;
        List<String> failures = new ArrayList<>();
        for (SourcedFile entry : sourced) {
            RuleResource file = entry.file();
            String lower = file.name().toLowerCase(Locale.ROOT);
            boolean drl = lower.endsWith(".drl");
            if (!drl && !lower.endsWith(".csv") && !lower.endsWith(".xlsx")) {
                continue;
            }
            Resource resource = ResourceFactory.newByteArrayResource(file.content()).setSourcePath(file.name());
            sourceOf.put(resource, entry.source());
            if (drl) {
                add(builder, file, resource, ResourceType.DRL, null, failures);
            } else {
                DecisionTableConfiguration table = KnowledgeBuilderFactory.newDecisionTableConfiguration();
                table.setInputType(lower.endsWith(".csv") ? DecisionTableInputType.CSV : DecisionTableInputType.XLSX);
                resource.setResourceType(ResourceType.DTABLE);
                // Drools keeps every table it compiled, JVM-wide, by file name: without this a table changed
                // since (a reload, another folder's table of the same name) would be its old self.
                DecisionTableFactory.clearCompilerCache();
                add(builder, file, resource, ResourceType.DTABLE, table, failures);
            }
            compiled++;
        }
        if (builder.hasErrors() || !failures.isEmpty() || !trialErrors.isEmpty()) {
            List<String> errors = RuleHints.describe(builder.getErrors(),
                    sourced.stream().map(SourcedFile::file).toList());
            errors.addAll(failures);
            errors.addAll(trialErrors);
            throw new TutkaException(ErrorCode.RULES_COMPILE, errors.size() + " error(s) in rules from "
                    + names(sources) + ":\n" + String.join("\n", errors));
        }
        if (compiled == 0) {
            throw new TutkaException(ErrorCode.RULES_COMPILE, "no rule files (.drl, .csv, .xlsx) in "
                    + names(sources));
        }
        return builder.newKieBase();
    }

    /** A knowledge base of packages read from an image, as {@link KnowledgeBuilder#newKieBase()} makes one. */
    private static KieBase newKieBase(List<KiePackage> packages) {
        InternalRuleBase ruleBase = RuleBaseFactory.newRuleBase(KieServices.get().newKieBaseConfiguration());
        List<InternalKnowledgePackage> internal = new ArrayList<>(packages.size());
        for (KiePackage kiePackage : packages) {
            internal.add((InternalKnowledgePackage) kiePackage);
        }
        ruleBase.addPackages(internal);
        return KnowledgeBaseFactory.newKnowledgeBase(ruleBase);
    }

    /**
     * Pairs each trial definition with its eligibility file ({@code <id>.drl} beside it) and the rules compiled from
     * that file, which must each match a {@link TrialCheck} so that they run only while the trial recruits.
     */
    private static List<Trial> trials(Map<String, TrialDefinition> definitions, Map<String, RuleResource> files,
            KieBase kieBase, List<RuleSource> sources) {
        if (definitions.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> rulesByFile = new HashMap<>();
        Map<String, List<String>> filesByRule = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String file = impl.getResource() == null ? "" : impl.getResource().getSourcePath();
                filesByRule.computeIfAbsent(rule.getName(), n -> new ArrayList<>()).add(file);
                rulesByFile.computeIfAbsent(file, f -> new ArrayList<>()).add(rule.getName());
            }
        }
        List<String> errors = new ArrayList<>();
        List<Trial> trials = new ArrayList<>();
        Map<String, List<String>> filesById = new TreeMap<>();
        definitions.forEach((file, definition) -> filesById.computeIfAbsent(definition.id(), id -> new ArrayList<>())
                .add(file));
        Set<String> ids = filesById.keySet();
        for (Map.Entry<String, List<String>> defined : filesById.entrySet()) {
            if (defined.getValue().size() > 1) {
                errors.add("trial '" + defined.getKey() + "' is defined more than once, in " + String.join(" and ",
                        defined.getValue()) + " (from " + names(sources) + "): give your trial another id, or load "
                        + "only your own rules (setting 'tutka.rules=none')");
            }
        }
        for (Map.Entry<String, TrialDefinition> entry : definitions.entrySet()) {
            String definitionFile = entry.getKey();
            TrialDefinition definition = entry.getValue();
            if (filesById.get(definition.id()).size() > 1) {
                continue;
            }
            String eligibilityFile = definitionFile.substring(0, definitionFile.length()
                    - TrialDefinition.SUFFIX.length()) + ".drl";
            RuleResource eligibility = files.get(eligibilityFile);
            List<String> criteria = new ArrayList<>(rulesByFile.getOrDefault(eligibilityFile, List.of()));
            if (eligibility == null || criteria.isEmpty()) {
                errors.add(definitionFile + ": the eligibility rules are missing: write them in " + eligibilityFile
                        + ", one rule a criterion, each matching TrialCheck(trialId == \"" + definition.id() + "\")");
                continue;
            }
            for (String criterion : criteria) {
                if (filesByRule.get(criterion).size() > 1) {
                    errors.add(eligibilityFile + ": rule '" + criterion + "' has a namesake in "
                            + filesByRule.get(criterion).stream().filter(f -> !f.equals(eligibilityFile)).toList()
                            + ": give eligibility rules names of their own, such as '" + definition.id() + ": ...'");
                }
                List<String> checks = trialChecks(kieBase, criterion);
                String own = "trialId == \"" + definition.id() + "\"";
                if (checks.isEmpty()) {
                    errors.add(eligibilityFile + ": rule '" + criterion + "' does not match TrialCheck(" + own
                            + "): without it the rule runs on every decision");
                } else if (!checks.stream().allMatch(check -> check.replace(" ", "").equals(own.replace(" ", "")))) {
                    errors.add(eligibilityFile + ": rule '" + criterion + "' matches TrialCheck(" + String.join(", ",
                            checks) + "), not TrialCheck(" + own + "): it is a criterion of trial '"
                            + definition.id() + "', whose file it is in");
                }
            }
            Collections.sort(criteria);
            trials.add(new Trial(definition, criteria, Trial.fingerprint(files.get(definitionFile).content(),
                    eligibility.content())));
        }
        definitions.forEach((file, definition) -> definition.checkExclusiveWith(file, ids, errors));
        if (!errors.isEmpty()) {
            throw new TutkaException(ErrorCode.RULES_COMPILE, errors.size() + " error(s) in trials from "
                    + names(sources) + ":\n" + String.join("\n", errors));
        }
        return List.copyOf(trials);
    }

    /** The constraints of a rule's {@link TrialCheck} patterns, as written; empty when it has none. */
    private static List<String> trialChecks(KieBase kieBase, String ruleName) {
        List<String> checks = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                if (rule.getName().equals(ruleName)) {
                    collectTrialChecks(((RuleImpl) rule).getLhs(), checks);
                }
            }
        }
        return checks;
    }

    private static void collectTrialChecks(RuleConditionElement element, List<String> checks) {
        if (element instanceof Pattern pattern && pattern.getObjectType() instanceof ClassObjectType type
                && type.getClassType() == TrialCheck.class) {
            List<String> constraints = new ArrayList<>();
            for (Constraint constraint : pattern.getConstraints()) {
                constraints.add(constraint instanceof MVELConstraint mvel ? mvel.getExpression()
                        : String.valueOf(constraint));
            }
            checks.add(constraints.isEmpty() ? "any trial" : String.join(", ", constraints));
        } else if (element instanceof GroupElement group && group.isAnd()) {
            for (RuleConditionElement child : group.getChildren()) {
                collectTrialChecks(child, checks);
            }
        }
    }

    /**
     * Adds a file to the build. Drools throws, instead of reporting, on some mistakes (a decision table without its
     * RuleTable cell, a date compared with a number): those become errors of the file too.
     */
    private static void add(KnowledgeBuilder builder, RuleResource file, Resource resource, ResourceType type,
            DecisionTableConfiguration table, List<String> failures) {
        try {
            if (table == null) {
                builder.add(resource, type);
            } else {
                builder.add(resource, type, table);
            }
        } catch (RuntimeException e) {
            failures.add(RuleHints.failure(file.name(), file.content(), e));
        }
    }

    private static String names(List<RuleSource> sources) {
        return sources.stream().map(RuleSource::name).reduce((a, b) -> a + ", " + b).orElse("no rule source");
    }

    /** A rule file and the name of the source it came from. */
    private record SourcedFile(String source, RuleResource file) {
    }

    /**
     * The sources' rule files, {@code VERSION} files and trial definitions, sorted by name (a stable sort: sources
     * in the order given); notes are left out.
     */
    private static List<SourcedFile> ruleFiles(List<RuleSource> sources) {
        List<SourcedFile> files = new ArrayList<>();
        for (RuleSource source : sources) {
            for (RuleResource file : source.resources()) {
                String lower = file.name().toLowerCase(Locale.ROOT);
                boolean rules = lower.endsWith(".drl") || lower.endsWith(".csv") || lower.endsWith(".xlsx")
                        || lower.endsWith(TrialDefinition.SUFFIX) || isVersionFile(file.name());
                if (rules) {
                    files.add(new SourcedFile(source.name(), file));
                }
            }
        }
        files.sort(Comparator.comparing(f -> f.file().name()));
        return files;
    }

    private static boolean isVersionFile(String name) {
        return name.equals("VERSION") || name.endsWith("/VERSION");
    }

    /** The human version, when a {@code VERSION} file gives one, then {@code +} and the content hash. */
    private static String versionOf(List<RuleResource> sorted) {
        String human = null;
        for (RuleResource file : sorted) {
            if (isVersionFile(file.name())) {
                human = new String(file.content(), StandardCharsets.UTF_8).strip();
            }
        }
        String hash = contentHash(sorted);
        return human == null || human.isEmpty() ? hash : human + "+" + hash;
    }

    /** Every rule of the knowledge base with its source and file. */
    private static List<RuleOrigin> origins(KieBase kieBase, Function<Resource, String> sourceOf) {
        List<RuleOrigin> origins = new ArrayList<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                Resource resource = ((RuleImpl) rule).getResource();
                String file = resource == null || resource.getSourcePath() == null ? "" : resource.getSourcePath();
                origins.add(new RuleOrigin(resource == null ? "" : sourceOf.apply(resource), file,
                        rule.getName()));
            }
        }
        origins.sort(Comparator.comparing(RuleOrigin::source).thenComparing(RuleOrigin::file)
                .thenComparing(RuleOrigin::rule));
        return List.copyOf(origins);
    }

    /** SHA-256 over the sorted files' names and contents: the same files give the same version. */
    private static String contentHash(List<RuleResource> sorted) {
        MessageDigest digest = Sha256.digest();
        for (RuleResource file : sorted) {
            digest.update(file.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.content());
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }
}
