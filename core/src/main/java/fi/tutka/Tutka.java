package fi.tutka;

import fi.tutka.api.DecisionResult;
import fi.tutka.api.ErrorCode;
import fi.tutka.api.Outcome;
import fi.tutka.api.ServiceDecision;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.Evaluator;
import fi.tutka.internal.Intake;
import fi.tutka.internal.RuleCompiler;
import fi.tutka.internal.RuleLimits;
import fi.tutka.internal.ServedAreas;
import fi.tutka.providers.DirectoryRuleSource;
import fi.tutka.providers.Providers;
import fi.tutka.spi.AllocationStore;
import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.KeyProvider;
import fi.tutka.spi.RecordSink;
import fi.tutka.spi.RuleSource;
import fi.tutka.spi.Settings;
import fi.tutka.spi.TutkaRecord;
import fi.tutka.spi.VaultEntry;
import fi.tutka.trials.Trial;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The Tutka engine: validates a service decision, pseudonymises the client, tags the decision with the rules and
 * writes its records durably before answering; the client's identity code goes, encrypted, to the identity vault
 * only, before the records. Thread-safe: build one and share it. The rules of one decision may fire at most
 * {@code tutka.rules.max-firings} times and run at most {@code tutka.rules.budget}, on Tutka's own threads, so a
 * looping or stuck rule never keeps the caller; {@link #reload()} puts changed rules in use without a restart.
 *
 * <pre>{@code
 * try (Tutka tutka = Tutka.builder().build()) {
 *     Outcome outcome = tutka.evaluate(decision);
 * }
 * }</pre>
 */
public final class Tutka implements AutoCloseable {
    private final Evaluator evaluator;
    private final RecordSink sink;
    private final IdentityVault vault;
    private final List<AutoCloseable> owned;
    private final List<RuleSource> sources;
    private final Supplier<AllocationStore> ledgerDiscovery;
    private final Object reloading = new Object();
    private AllocationStore ledger; // guarded by reloading

    private Tutka(Evaluator evaluator, RecordSink sink, IdentityVault vault, List<AutoCloseable> owned,
            List<RuleSource> sources, AllocationStore ledger, Supplier<AllocationStore> ledgerDiscovery) {
        this.evaluator = evaluator;
        this.sink = sink;
        this.vault = vault;
        this.owned = new CopyOnWriteArrayList<>(owned);
        this.sources = List.copyOf(sources);
        this.ledger = ledger;
        this.ledgerDiscovery = ledgerDiscovery;
    }

    /**
     * What a {@link #reload()} did.
     *
     * @param previousVersion the version of the rules replaced
     * @param version         the version of the rules now in use (the same when no file changed)
     * @param ruleCount       how many rules are now loaded
     * @param loadTime        how long reading and compiling the rules took
     */
    public record Reloaded(String previousVersion, String version, int ruleCount, Duration loadTime) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Evaluates one decision and returns after its records are durable. The client's identity code is in the identity
     * vault before any of its records is written.
     *
     * @throws TutkaException {@link ErrorCode#INVALID_DECISION} naming every offending field (nothing is written),
     *                        {@link ErrorCode#SINK_FAILURE} when the records could not be made durable; a failure of
     *                        the {@link IdentityVault} writes no record; {@link ErrorCode#RULE_EVALUATION} when a rule
     *                        failed, or its rules were stopped at a limit and {@code tutka.rules.on-limit} is
     *                        {@code fail-closed} (nothing is written)
     */
    public Outcome evaluate(ServiceDecision decision) {
        Evaluator.Evaluation evaluation = evaluator.evaluate(Objects.requireNonNull(decision, "decision"));
        write(List.of(evaluation));
        return evaluation.outcome();
    }

    /**
     * Evaluates many decisions with one durable write: each is answered on its own, and a rejected decision does
     * not stop the others. Returns after every accepted decision's records are durable.
     */
    public List<DecisionResult> evaluateAll(List<ServiceDecision> decisions) {
        return evaluateBatch(decisions, null);
    }

    /**
     * {@link #evaluateAll(List)} that goes on past a decision whose rules failed ({@link ErrorCode#RULE_EVALUATION}:
     * a rule threw, or its rules were stopped at a limit and {@code tutka.rules.on-limit} is {@code fail-closed}).
     * Such a decision allocates and writes nothing, is handed to {@code ruleFailures} with its index in
     * {@code decisions}, and has no result: null at its index. The others are answered and written as
     * {@link #evaluateAll(List)} does, with one durable write. Any other failure stops the batch, as there.
     */
    public List<DecisionResult> evaluateAll(List<ServiceDecision> decisions,
            BiConsumer<Integer, TutkaException> ruleFailures) {
        return evaluateBatch(decisions, Objects.requireNonNull(ruleFailures, "ruleFailures"));
    }

    /** Evaluates and writes a batch; a rule failure stops it when {@code ruleFailures} is null. */
    private List<DecisionResult> evaluateBatch(List<ServiceDecision> decisions,
            BiConsumer<Integer, TutkaException> ruleFailures) {
        List<DecisionResult> results = new ArrayList<>(decisions.size());
        List<Evaluator.Evaluation> evaluations = new ArrayList<>(decisions.size());
        int index = -1;
        for (ServiceDecision decision : decisions) {
            index++;
            try {
                Evaluator.Evaluation evaluation = evaluator.evaluate(Objects.requireNonNull(decision, "decision"));
                evaluations.add(evaluation);
                results.add(DecisionResult.accepted(evaluation.outcome()));
            } catch (TutkaException e) {
                if (e.code() == ErrorCode.INVALID_DECISION) {
                    results.add(DecisionResult.rejected(e.fieldErrors()));
                } else if (e.code() == ErrorCode.RULE_EVALUATION && ruleFailures != null) {
                    ruleFailures.accept(index, e);
                    results.add(null);
                } else {
                    throw e;
                }
            }
        }
        write(evaluations);
        return results;
    }

    /**
     * The identity codes behind the records into the vault, then the records into the sink: a durable record always
     * has its client's identity code in the vault. A decision that wrote no record leaves none there.
     */
    private void write(List<Evaluator.Evaluation> evaluations) {
        List<VaultEntry> identities = new ArrayList<>(evaluations.size());
        List<TutkaRecord> records = new ArrayList<>(evaluations.size());
        for (Evaluator.Evaluation evaluation : evaluations) {
            if (!evaluation.records().isEmpty()) {
                identities.add(evaluation.identity());
                records.addAll(evaluation.records());
            }
        }
        if (!identities.isEmpty()) {
            vault.remember(identities);
        }
        sink.append(records);
    }

    /**
     * The pseudonym ({@code subject}) this engine gives a client in an area: what records and allocations carry,
     * for looking up a client's allocations. The identity code is not kept.
     *
     * @throws TutkaException {@link ErrorCode#INVALID_DECISION} naming {@code /area} when this engine does not serve
     *                        the area (no key is made for it), {@code /client_id} when the code is not valid
     */
    public String subject(String area, String clientId) {
        return evaluator.subject(area, clientId);
    }

    /**
     * Reads and compiles the rules again from the engine's rule sources (a rules folder is read anew) and, when they
     * compile, puts them in use at once. Evaluations in flight finish on the rules they started with, later ones use
     * the new rules; no evaluation waits for the compile. Allocations already made stay as the ledger holds them,
     * whatever the new trial definitions say. Reloads run one at a time.
     *
     * @throws TutkaException {@link ErrorCode#RULES_COMPILE} with {@code file:line:column} of each error, or
     *                        {@link ErrorCode#IO} or {@link ErrorCode#CONFIGURATION} when a source cannot be read:
     *                        the rules in use then stay in use
     */
    public Reloaded reload() {
        synchronized (reloading) {
            long start = System.nanoTime();
            RuleCompiler.CompiledRules rules = RuleCompiler.compile(sources);
            Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
            if (ledger == null && !rules.trials().isEmpty()) {
                // rules without trials needed no ledger; these have trials, so open the one the settings name
                ledger = ledgerDiscovery.get();
                owned.add(ledger);
            }
            String previous = evaluator.load(rules, ledger);
            return new Reloaded(previous, rules.version(), rules.ruleCount(), loadTime);
        }
    }

    /** The version of the rules in use: the {@code VERSION} file's text plus a hash of every rule file. */
    public String rulesetVersion() {
        return evaluator.rulesetVersion();
    }

    /**
     * The areas this engine serves (setting {@code tutka.areas}, or {@link Builder#areas}): a decision of another
     * area is rejected before any key is made for it.
     */
    public SortedSet<String> areas() {
        return evaluator.intake().areas();
    }

    /** The trials loaded with the rules in use, by id. */
    public List<Trial> trials() {
        return evaluator.trials();
    }

    /** How many rules (decision-table rows count one each) are in use. */
    public int ruleCount() {
        return evaluator.ruleCount();
    }

    /**
     * Ends the engine's rule threads and closes the providers this engine made itself; providers passed to the
     * builder stay open.
     */
    @Override
    public void close() {
        evaluator.close();
        TutkaException failure = null;
        for (AutoCloseable closeable : owned) {
            try {
                closeable.close();
            } catch (Exception e) {
                failure = new TutkaException(ErrorCode.IO, "closing " + closeable + " failed: " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Builds a {@link Tutka}. Providers not given are discovered by the names in the settings. */
    public static final class Builder {
        private Settings settings = Settings.empty();
        private RecordSink sink;
        private KeyProvider keys;
        private AllocationStore allocations;
        private IdentityVault vault;
        private final List<RuleSource> ruleSources = new ArrayList<>();
        private boolean discovery = true;
        private Clock clock = Clock.systemUTC();
        private Integer maxRuleFirings;
        private Duration ruleBudget;
        private Boolean failOpen;
        private SortedSet<String> areas;

        private Builder() {
        }

        /**
         * Settings for discovered providers: {@code tutka.sink} ({@code jsonl}), {@code tutka.sink.dir},
         * {@code tutka.keys} ({@code file}), {@code tutka.keys.file}, {@code tutka.keys.generate},
         * {@code tutka.rules} (rule packs, default {@code bundled}; {@code none} for none), {@code tutka.rules.dir},
         * {@code tutka.allocations} ({@code jdbc}), {@code tutka.allocations.url}, {@code tutka.allocations.user},
         * {@code tutka.allocations.password}; {@code tutka.vault} (identity vault, {@code jdbc}),
         * {@code tutka.vault.url} ({@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}; default the H2 file
         * {@code tutka-data/vault/identities}, shared safely by the processes of one machine),
         * {@code tutka.vault.user} and {@code tutka.vault.password}; the rules' limits {@code tutka.rules.max-firings}
         * (default 10000), {@code tutka.rules.budget} (default {@code 2s}) and {@code tutka.rules.on-limit}
         * ({@code fail-closed}, the default, or {@code fail-open}); {@code tutka.areas}, the areas served (3-digit
         * codes separated by commas; default the areas of the bundled municipality table, 179 and 837).
         */
        public Builder settings(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Where records go; without it the sink named by {@code tutka.sink} is discovered. */
        public Builder recordSink(RecordSink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Where pseudonymisation keys come from; without it {@code tutka.keys} is discovered. */
        public Builder keyProvider(KeyProvider keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * The trial allocation ledger; without it, and when the rules hold trials, the store named by
         * {@code tutka.allocations} ({@code jdbc}) is discovered. Rules without trials need none.
         */
        public Builder allocationStore(AllocationStore allocations) {
            this.allocations = Objects.requireNonNull(allocations, "allocations");
            return this;
        }

        /**
         * Where the identity codes behind the pseudonyms are kept, encrypted, for the delivery's linkage file;
         * without it the vault named by {@code tutka.vault} ({@code jdbc}) is discovered, made with the engine's key
         * provider, and closed with the engine.
         */
        public Builder identityVault(IdentityVault vault) {
            this.vault = Objects.requireNonNull(vault, "vault");
            return this;
        }

        /**
         * Adds rules to the rule packs named by {@code tutka.rules} (default {@code bundled}); to use only your own,
         * set {@code tutka.rules=none} or turn discovery off.
         */
        public Builder ruleSource(RuleSource source) {
            ruleSources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** Adds a folder of rule files (DRL, CSV or XLSX decision tables); see {@link #ruleSource}. */
        public Builder rulesFolder(Path folder) {
            return ruleSource(new DirectoryRuleSource(folder));
        }

        /**
         * The most rule firings on one decision (setting {@code tutka.rules.max-firings}, default 10000): more and
         * the rules are stopped, as {@link #failOpenOnRuleLimit} says.
         */
        public Builder maxRuleFirings(int maxFirings) {
            this.maxRuleFirings = RuleLimits.requireMaxFirings(maxFirings, "maxRuleFirings");
            return this;
        }

        /**
         * The longest the rules of one decision may run (setting {@code tutka.rules.budget}, default 2 s, from
         * 1 ms to 1 hour): then they are stopped, and the caller has its answer within the budget and at most 50 ms
         * more, even when a rule is stuck.
         */
        public Builder ruleBudget(Duration budget) {
            this.ruleBudget = RuleLimits.requireBudget(budget, "ruleBudget");
            return this;
        }

        /**
         * What a decision whose rules were stopped at a limit gets (setting {@code tutka.rules.on-limit}):
         * {@code false}, fail-closed (the default), {@link ErrorCode#RULE_EVALUATION} and nothing written;
         * {@code true}, fail-open, an accepted decision with the warning {@code rules_stopped}, whose record carries
         * the quality flag {@code rules_incomplete}.
         */
        public Builder failOpenOnRuleLimit(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        /**
         * The employment areas this engine serves (setting {@code tutka.areas}; default the areas of the bundled
         * municipality-to-area table, {@code 179} and {@code 837}): a decision of another area is rejected, naming
         * {@code /area}, before any pseudonymisation key is made for it.
         *
         * @throws TutkaException {@link ErrorCode#CONFIGURATION} unless they are 3-digit codes, at least one
         */
        public Builder areas(Collection<String> areas) {
            this.areas = ServedAreas.require(areas, "areas(...)");
            return this;
        }

        /** Turns {@link java.util.ServiceLoader} discovery off: every provider must then be given. */
        public Builder discovery(boolean enabled) {
            this.discovery = enabled;
            return this;
        }

        /**
         * The clock for anything the engine dates itself (key ids), and the bound on decision times: a decision dated
         * more than a day after it is refused. Decision times themselves come from the decisions.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Compiles the rules and opens the providers.
         *
         * @throws TutkaException {@link ErrorCode#RULES_COMPILE} with file, line and column of each error;
         *                        {@link ErrorCode#PROVIDER_MISSING} or {@link ErrorCode#CONFIGURATION}
         */
        public Tutka build() {
            List<AutoCloseable> owned = new ArrayList<>();
            try {
                List<RuleSource> sources = new ArrayList<>();
                if (discovery) {
                    for (String name : settings.get("tutka.rules", "bundled").split(",")) {
                        if (!name.isBlank() && !name.strip().equals("none")) {
                            sources.add(discovered(RuleSource.class, name.strip(), "tutka.rules",
                                    "Tutka.builder().ruleSource(...)"));
                        }
                    }
                    settings.get("tutka.rules.dir").ifPresent(dir -> sources.add(new DirectoryRuleSource(Path.of(dir))));
                }
                sources.addAll(ruleSources);
                if (sources.isEmpty()) {
                    throw new TutkaException(ErrorCode.CONFIGURATION, "no rules: add the tutka-rules jar (setting "
                            + "'tutka.rules=bundled'), set 'tutka.rules.dir', or call ruleSource(...)");
                }
                SortedSet<String> served = areas != null ? areas : ServedAreas.of(settings);
                RuleLimits limits = RuleLimits.of(settings);
                limits = maxRuleFirings == null ? limits : limits.withMaxFirings(maxRuleFirings);
                limits = ruleBudget == null ? limits : limits.withBudget(ruleBudget);
                limits = failOpen == null ? limits : limits.withFailOpen(failOpen);
                RuleCompiler.CompiledRules rules = RuleCompiler.compile(sources);
                KeyProvider keyProvider = keys != null ? keys : discovered(KeyProvider.class,
                        settings.get("tutka.keys", "file"), "tutka.keys", "Tutka.builder().keyProvider(...)");
                RecordSink recordSink = sink;
                if (recordSink == null) {
                    recordSink = discovered(RecordSink.class, settings.get("tutka.sink", "jsonl"), "tutka.sink",
                            "Tutka.builder().recordSink(...)");
                    owned.add(recordSink);
                }
                IdentityVault identityVault = vault;
                if (identityVault == null) {
                    identityVault = discovered(IdentityVault.class, settings.get("tutka.vault", "jdbc"), keyProvider,
                            "tutka.vault", "Tutka.builder().identityVault(...)");
                    owned.add(identityVault);
                }
                Settings given = settings;
                boolean discovering = discovery;
                Clock time = clock;
                Supplier<AllocationStore> ledgerDiscovery = () -> discover(AllocationStore.class,
                        given.get("tutka.allocations", "jdbc"), given, time, null, discovering, "tutka.allocations",
                        "Tutka.builder().allocationStore(...)");
                AllocationStore ledger = allocations;
                if (ledger == null && !rules.trials().isEmpty()) {
                    ledger = ledgerDiscovery.get();
                    owned.add(ledger);
                }
                Evaluator evaluator = new Evaluator(rules, keyProvider, ledger, limits, clock,
                        new Intake(clock, served));
                return new Tutka(evaluator, recordSink, identityVault, List.copyOf(owned), sources, ledger,
                        ledgerDiscovery);
            } catch (RuntimeException e) {
                for (AutoCloseable closeable : owned) {
                    try {
                        closeable.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private <T> T discovered(Class<T> type, String name, String setting, String builderMethod) {
            return discovered(type, name, null, setting, builderMethod);
        }

        /** @param keys the engine's keys, for a provider that encrypts under them; null for others */
        private <T> T discovered(Class<T> type, String name, KeyProvider keys, String setting, String builderMethod) {
            return discover(type, name, settings, clock, keys, discovery, setting, builderMethod);
        }

        private static <T> T discover(Class<T> type, String name, Settings settings, Clock clock, KeyProvider keys,
                boolean discovery, String setting, String builderMethod) {
            if (!discovery) {
                throw new TutkaException(ErrorCode.PROVIDER_MISSING, "discovery is off and no " + type.getSimpleName()
                        + " was given: pass one with " + builderMethod);
            }
            return Providers.create(type, name, settings, clock, keys, setting, builderMethod);
        }
    }
}
