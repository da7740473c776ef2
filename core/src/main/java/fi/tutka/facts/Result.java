package fi.tutka.facts;

import fi.tutka.api.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the rules conclude about one decision; a fresh one is handed to every evaluation as the global
 * {@code result}.
 *
 * <pre>
 * then
 *     result.tag("youth_guarantee", "within_3_months");
 * </pre>
 */
public final class Result {
    private final SortedMap<String, String> tags = new TreeMap<>();
    private final SortedSet<String> qualityFlags = new TreeSet<>();
    private final List<Warning> warnings = new ArrayList<>(2);
    private final List<String> firedRules = new ArrayList<>(8);
    /** While tracing: what the consequence now running did; null otherwise, which costs nothing. */
    private final List<String> changes;
    private final List<Firing> firings;
    private String serviceClass;
    private Boolean statutory;

    /**
     * One rule's firing and what its consequence did, for explaining a decision.
     *
     * @param rule    the rule's name
     * @param changes {@code tag youth_guarantee = within_3_months}, {@code class pay_subsidy_50},
     *                {@code flag missing_education_level (/client/education_level)}, in the order done
     */
    public record Firing(String rule, List<String> changes) {
        public Firing {
            changes = List.copyOf(changes);
        }
    }

    /** A result for one evaluation. */
    public Result() {
        this(false);
    }

    private Result(boolean traced) {
        this.changes = traced ? new ArrayList<>() : null;
        this.firings = traced ? new ArrayList<>() : null;
    }

    /** A result that also keeps, firing by firing, what each rule's consequence did: see {@link #getFirings()}. */
    public static Result traced() {
        return new Result(true);
    }

    /** Sets a research tag; a later rule setting the same tag replaces the value. */
    public void tag(String name, String value) {
        put(name, value);
    }

    /** Sets a research tag from a number or a boolean. */
    public void tag(String name, Object value) {
        put(name, String.valueOf(value));
    }

    /** Records the national service class (called by the service-class rules). */
    public void classify(ServiceClass serviceClass) {
        trace("class " + serviceClass.getCode());
        this.serviceClass = serviceClass.getCode();
        this.statutory = serviceClass.isStatutory();
        put("service_class", serviceClass.getCode());
        put("statutory", String.valueOf(serviceClass.isStatutory()));
        if (!serviceClass.getStatutoryBasis().isEmpty()) {
            put("statutory_basis", serviceClass.getStatutoryBasis());
        }
    }

    /** Marks a data-quality problem that the record carries, and tells the caller. */
    public void flag(String code, String field, String message) {
        trace("flag " + code + " (" + field + ")");
        qualityFlags.add(code);
        warnings.add(new Warning(code, field, message));
    }

    /** Called by the engine after every rule that fired. */
    public void fired(String ruleName) {
        firedRules.add(ruleName);
        if (firings != null) {
            firings.add(new Firing(ruleName, changes));
            changes.clear();
        }
    }

    /** The firings in order with what each did, when this result is {@link #traced()}; empty otherwise. */
    public List<Firing> getFirings() {
        return firings == null ? List.of() : List.copyOf(firings);
    }

    private void put(String name, String value) {
        trace("tag " + name + " = " + value);
        tags.put(name, value);
    }

    private void trace(String change) {
        if (changes != null) {
            changes.add(change);
        }
    }

    public SortedMap<String, String> getTags() {
        return tags;
    }

    public SortedSet<String> getQualityFlags() {
        return qualityFlags;
    }

    public List<Warning> getWarnings() {
        return warnings;
    }

    public List<String> getFiredRules() {
        return firedRules;
    }

    public String getServiceClass() {
        return serviceClass;
    }

    public Boolean getStatutory() {
        return statutory;
    }

    public boolean hasTag(String name) {
        return tags.containsKey(name);
    }
}
