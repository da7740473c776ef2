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
    private String serviceClass;
    private Boolean statutory;

    /** Sets a research tag; a later rule setting the same tag replaces the value. */
    public void tag(String name, String value) {
        tags.put(name, value);
    }

    /** Sets a research tag from a number or a boolean. */
    public void tag(String name, Object value) {
        tags.put(name, String.valueOf(value));
    }

    /** Records the national service class (called by the service-class rules). */
    public void classify(ServiceClass serviceClass) {
        this.serviceClass = serviceClass.getCode();
        this.statutory = serviceClass.isStatutory();
        tags.put("service_class", serviceClass.getCode());
        tags.put("statutory", String.valueOf(serviceClass.isStatutory()));
        if (!serviceClass.getStatutoryBasis().isEmpty()) {
            tags.put("statutory_basis", serviceClass.getStatutoryBasis());
        }
    }

    /** Marks a data-quality problem that the record carries, and tells the caller. */
    public void flag(String code, String field, String message) {
        qualityFlags.add(code);
        warnings.add(new Warning(code, field, message));
    }

    /** Called by the engine for every rule that fired. */
    public void fired(String ruleName) {
        firedRules.add(ruleName);
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
