package fi.tutka.scenarios;

import fi.tutka.api.Outcome;
import fi.tutka.api.TrialVerdict;
import fi.tutka.api.Verdict;
import fi.tutka.api.Warning;
import fi.tutka.internal.IdentityCode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Rule scenarios: decisions given as JSON with the outcome the rules must give, read from a folder of
 * {@code <topic>.json} files and checked against the rules by a {@link ScenarioEngine}. {@code tutka rules test} runs
 * the {@code scenarios} folder beside the rules; the bundled pack's own suite is written the same way.
 *
 * <h2>Folder</h2>
 * {@code _defaults.json} holds the default decision, {@code {"description": "...", "given": {...}}}. Every other
 * {@code *.json} file not starting with {@code _} is a scenario file: a JSON array of scenarios and tables.
 *
 * <h2>Scenario</h2>
 * <pre>
 * {"name": "unique within the file", "comment": "why (optional, not read)",
 *  "given":  {decision fields in the decision's JSON form; omitted fields come from the default decision,
 *             "client" is merged field by field; null omits a field;
 *             "born": "2001-03-04" (optional "century_sign": "B") instead of "client_id" gives a valid
 *             identity code with individual number 900-999},
 *  "expect": {"tags": {the exact, complete tag map; values are strings},
 *             "quality_flags": [exact, sorted], "warnings": [warning codes, in order], "verdict": "ALLOW",
 *             "fired": [rules that must fire] (optional), "not_fired": [rules that must not fire] (optional),
 *             "trials": [{"trial": id, "eligible": true, "unmet": [rule names], "arm": "control",
 *                         "allocated_now": true, "verdict": "ALLOW"}, ...] (optional: every trial open on the
 *                         decision, by id; "unmet" and "arm" may be left out when empty)},
 *  "allocations": {"youth-coaching-2026": "control"} (optional: arms the client holds before the decision)}
 * </pre>
 *
 * <h2>Table</h2>
 * One scenario a row, for decision tables and other repetitive checks:
 * <pre>
 * {"table": "Area 179 service codes",
 *  "given": {...}, "expect": {...},            (the template every row starts from)
 *  "columns": ["/given/service_code", "/expect/tags/service_class", "/expect/fired"],
 *  "rows": [["PT50", "pay_subsidy_50", ["Service codes 179_11"]], ...]}
 * </pre>
 * Columns are JSON pointers into the scenario; a row's cell replaces the value there (null in a tag removes the tag
 * from the expected map). A row's scenario is named {@code <table>: <first cell>}.
 */
public final class Scenarios {
    /** The file holding the default decision. */
    public static final String DEFAULTS_FILE = "_defaults.json";

    private static final Set<String> SCENARIO_KEYS = Set.of("name", "comment", "given", "allocations", "expect");
    private static final Set<String> TABLE_KEYS = Set.of("table", "comment", "given", "expect", "columns", "rows");
    private static final Set<String> EXPECT_KEYS = Set.of("tags", "quality_flags", "warnings", "verdict", "fired",
            "not_fired", "trials");
    private static final Set<String> TRIAL_KEYS = Set.of("trial", "eligible", "unmet", "arm", "allocated_now",
            "verdict");
    private static final Set<String> REQUIRED_EXPECT_KEYS = Set.of("tags", "quality_flags", "warnings", "verdict");
    private static final String SIGNS_1900 = "-YXWVU";
    private static final String SIGNS_2000 = "ABCDEF";

    private Scenarios() {
    }

    /**
     * One scenario, ready to run.
     *
     * @param file     the scenario file's name ({@code youth.json})
     * @param name     the scenario's name, unique within the file
     * @param decision    the complete decision JSON, defaults merged in
     * @param allocations the arms the client holds before the decision, by trial id
     * @param expect      what the rules must conclude
     */
    public record Scenario(String file, String name, String decision, Map<String, String> allocations,
            Expectation expect) {
        /** {@code youth.json: 24 on the day before the 25th birthday}. */
        public String displayName() {
            return file + ": " + name;
        }
    }

    /**
     * The outcome a scenario expects.
     *
     * @param tags         the exact tag map
     * @param qualityFlags the exact, sorted flags
     * @param warnings     warning codes in order
     * @param verdict      the verdict
     * @param fired        rules that must have fired
     * @param notFired     rules that must not have fired
     * @param trials       the trial verdicts, one line each (see {@link #trialLine}), or null to not check them
     */
    public record Expectation(SortedMap<String, String> tags, List<String> qualityFlags, List<String> warnings,
            Verdict verdict, List<String> fired, List<String> notFired, List<String> trials) {
    }

    /**
     * A scenario's run: the outcome (null when the decision was rejected) and what differed from the expectation.
     */
    public record Check(Scenario scenario, Outcome outcome, List<String> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }

        /** The rules that fired, empty when the decision was rejected. */
        public List<String> firedRules() {
            return outcome == null ? List.of() : outcome.firedRules();
        }

        /**
         * A readable report: {@code PASS <file>: <name>}, or {@code FAIL <file>: <name>} with the diff of what was
         * expected ({@code -}) and what came ({@code +}) and the rules that fired.
         */
        public String report() {
            StringBuilder text = new StringBuilder(passed() ? "PASS " : "FAIL ").append(scenario.displayName());
            for (String difference : differences) {
                text.append("\n    ").append(difference);
            }
            if (outcome != null && !passed()) {
                text.append("\n    rules fired: ").append(outcome.firedRules());
            }
            return text.toString();
        }
    }

    /** Every scenario in a folder's scenario files, files in name order. */
    public static List<Scenario> load(Path folder) {
        JsonObject defaults = defaults(folder);
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenario folder " + folder, e);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            scenarios.addAll(parse(file.getFileName().toString(), read(file), defaults));
        }
        return scenarios;
    }

    /** The default decision ({@code given}) from the folder's {@value #DEFAULTS_FILE}. */
    public static JsonObject defaults(Path folder) {
        Path file = folder.resolve(DEFAULTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(DEFAULTS_FILE + " is missing from scenario folder " + folder);
        }
        JsonValue value = json(DEFAULTS_FILE, read(file));
        if (!(value instanceof JsonObject object) || !(object.get("given") instanceof JsonObject given)) {
            throw new IllegalArgumentException(DEFAULTS_FILE + ": must be an object with a \"given\" object");
        }
        return given;
    }

    /**
     * The scenarios of one file.
     *
     * @param file     the file's name, for messages and display names
     * @param json     the file's text
     * @param defaults the default decision
     * @throws IllegalArgumentException naming the file, the scenario and what is wrong
     */
    public static List<Scenario> parse(String file, String json, JsonObject defaults) {
        if (!(json(file, json) instanceof JsonArray array)) {
            throw new IllegalArgumentException(file + ": must be a JSON array of scenarios");
        }
        List<Scenario> scenarios = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = file + " [" + i + "]";
            if (!(array.get(i) instanceof JsonObject entry)) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            List<JsonObject> expanded = entry.containsKey("table") ? table(where, entry) : List.of(entry);
            for (JsonObject scenario : expanded) {
                Scenario parsed = scenario(file, where, scenario, defaults);
                if (!names.add(parsed.name())) {
                    throw new IllegalArgumentException(where + ": scenario name '" + parsed.name()
                            + "' is used twice in " + file);
                }
                scenarios.add(parsed);
            }
        }
        return scenarios;
    }

    /**
     * A trial verdict as one line: {@code youth-coaching-2026: eligible, arm control (allocated now), ALLOW} or
     * {@code youth-coaching-2026: not eligible (unmet: <rule>; <rule>), no arm, ALLOW}.
     */
    public static String trialLine(TrialVerdict verdict) {
        return trialLine(verdict.trialId(), verdict.eligible(), verdict.criteriaUnmet(), verdict.arm(),
                verdict.allocatedNow(), verdict.verdict());
    }

    private static String trialLine(String trial, boolean eligible, List<String> unmet, String arm,
            boolean allocatedNow, Verdict verdict) {
        return trial + ": " + (eligible ? "eligible" : "not eligible" + (unmet.isEmpty() ? ""
                : " (unmet: " + String.join("; ", unmet) + ")")) + ", " + (arm == null ? "no arm" : "arm " + arm
                + (allocatedNow ? " (allocated now)" : "")) + ", " + verdict;
    }

    /**
     * What differs between an expectation and an outcome, as a diff: {@code - } lines are expected and were not so,
     * {@code + } lines are what came instead (or came unexpected); empty when they agree. Tags are compared one by
     * one, the lists of flags, warnings and trial verdicts as wholes, and each rule that had to fire, or not to.
     */
    public static List<String> compare(Expectation expect, Outcome outcome) {
        List<String> diff = new ArrayList<>();
        SortedMap<String, String> actual = outcome.tags();
        Set<String> names = new TreeSet<>(expect.tags().keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            String wanted = expect.tags().get(name);
            String got = actual.get(name);
            if (!Objects.equals(wanted, got)) {
                if (wanted != null) {
                    diff.add("- tags." + name + " = " + wanted);
                }
                if (got != null) {
                    diff.add("+ tags." + name + " = " + got);
                }
            }
        }
        differ(diff, "quality_flags", expect.qualityFlags(), outcome.qualityFlags());
        differ(diff, "warnings", expect.warnings(), outcome.warnings().stream().map(Warning::code).toList());
        differ(diff, "verdict", expect.verdict(), outcome.verdict());
        for (String rule : expect.fired()) {
            if (!outcome.firedRules().contains(rule)) {
                diff.add("- fired: '" + rule + "' (did not fire)");
            }
        }
        for (String rule : expect.notFired()) {
            if (outcome.firedRules().contains(rule)) {
                diff.add("+ fired: '" + rule + "' (must not fire)");
            }
        }
        if (expect.trials() != null) {
            differ(diff, "trials", expect.trials(), outcome.trials().stream().map(Scenarios::trialLine).toList());
        }
        return List.copyOf(diff);
    }

    private static void differ(List<String> diff, String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            diff.add("- " + what + ": " + expected);
            diff.add("+ " + what + ": " + actual);
        }
    }

    /**
     * A valid identity code for a birth date with a temporary individual number.
     *
     * @param sign       the century sign; must belong to the birth year's century
     * @param individual 900-999
     */
    public static String identityCode(LocalDate born, char sign, int individual) {
        if (individual < 900 || individual > 999) {
            throw new IllegalArgumentException("test identity codes use individual numbers 900-999, not "
                    + individual);
        }
        if (!signs(born.getYear()).contains(String.valueOf(sign))) {
            throw new IllegalArgumentException("century sign '" + sign + "' is not one of '" + signs(born.getYear())
                    + "' for a birth year " + born.getYear());
        }
        return String.format("%02d%02d%02d%c%03d%c", born.getDayOfMonth(), born.getMonthValue(),
                born.getYear() % 100, sign, individual, IdentityCode.checkCharacter(born, individual));
    }

    private static String signs(int year) {
        if (year >= 1800 && year < 1900) {
            return "+";
        }
        if (year >= 1900 && year < 2000) {
            return SIGNS_1900;
        }
        if (year >= 2000 && year < 2100) {
            return SIGNS_2000;
        }
        throw new IllegalArgumentException("no identity code century sign for a birth year " + year);
    }

    private static Scenario scenario(String file, String where, JsonObject entry, JsonObject defaults) {
        String name = entry.get("name") instanceof JsonString s ? s.getString() : null;
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where + ": \"name\" (a non-blank string) is required");
        }
        String at = where + " '" + name + "'";
        unknownKeys(at, entry, SCENARIO_KEYS);
        if (!(entry.get("given") instanceof JsonObject given)) {
            throw new IllegalArgumentException(at + ": \"given\" (an object) is required");
        }
        if (!(entry.get("expect") instanceof JsonObject expect)) {
            throw new IllegalArgumentException(at + ": \"expect\" (an object) is required");
        }
        JsonObject decision = decision(at, file + "/" + name, defaults, given);
        Map<String, String> allocations = new LinkedHashMap<>();
        if (entry.containsKey("allocations")) {
            if (!(entry.get("allocations") instanceof JsonObject allocationObject)) {
                throw new IllegalArgumentException(at + ": \"allocations\" must be an object of trial id to arm");
            }
            for (Map.Entry<String, JsonValue> allocation : allocationObject.entrySet()) {
                if (!(allocation.getValue() instanceof JsonString arm)) {
                    throw new IllegalArgumentException(at + ": allocations." + allocation.getKey()
                            + " must be an arm's name");
                }
                allocations.put(allocation.getKey(), arm.getString());
            }
        }
        return new Scenario(file, name, decision.toString(), Collections.unmodifiableMap(allocations),
                expectation(at, expect));
    }

    /** The default decision with the scenario's fields laid over it, the identity shorthand resolved. */
    private static JsonObject decision(String at, String seed, JsonObject defaults, JsonObject given) {
        boolean ownIdentity = given.containsKey("born") || given.containsKey("client_id");
        if (given.containsKey("born") && given.containsKey("client_id")) {
            throw new IllegalArgumentException(at + ": give \"born\" or \"client_id\", not both");
        }
        if (given.containsKey("century_sign") && !given.containsKey("born")) {
            throw new IllegalArgumentException(at + ": \"century_sign\" goes with \"born\"");
        }
        JsonObjectBuilder merged = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> field : defaults.entrySet()) {
            boolean identity = field.getKey().equals("born") || field.getKey().equals("client_id")
                    || field.getKey().equals("century_sign");
            if (!(ownIdentity && identity) && !given.containsKey(field.getKey())) {
                merged.add(field.getKey(), field.getValue());
            }
        }
        for (Map.Entry<String, JsonValue> field : given.entrySet()) {
            if (field.getKey().equals("client") && field.getValue() instanceof JsonObject client
                    && defaults.get("client") instanceof JsonObject defaultClient) {
                JsonObjectBuilder clientMerged = Json.createObjectBuilder(defaultClient);
                client.forEach(clientMerged::add);
                merged.add("client", clientMerged);
            } else {
                merged.add(field.getKey(), field.getValue());
            }
        }
        JsonObject decision = merged.build();
        if (decision.containsKey("born")) {
            decision = withIdentityCode(at, seed, decision);
        }
        return decision;
    }

    private static JsonObject withIdentityCode(String at, String seed, JsonObject decision) {
        LocalDate born;
        try {
            born = LocalDate.parse(decision.getString("born"));
        } catch (ClassCastException | DateTimeParseException e) {
            throw new IllegalArgumentException(at + ": \"born\" must be a date as YYYY-MM-DD");
        }
        String signs = signs(born.getYear());
        // A fixed choice per scenario, varying over the suite: every century sign and individual number is used.
        int hash = seed.hashCode();
        char sign = signs.charAt(Math.floorMod(hash, signs.length()));
        if (decision.containsKey("century_sign")) {
            String given = decision.get("century_sign") instanceof JsonString s ? s.getString() : "";
            if (given.length() != 1) {
                throw new IllegalArgumentException(at + ": \"century_sign\" must be one character");
            }
            sign = given.charAt(0);
        }
        String code;
        try {
            code = identityCode(born, sign, 900 + Math.floorMod(hash / 7, 100));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
        JsonObjectBuilder builder = Json.createObjectBuilder(decision);
        builder.remove("born");
        builder.remove("century_sign");
        builder.add("client_id", code);
        return builder.build();
    }

    private static Expectation expectation(String at, JsonObject expect) {
        unknownKeys(at + " expect", expect, EXPECT_KEYS);
        for (String key : REQUIRED_EXPECT_KEYS) {
            if (!expect.containsKey(key)) {
                throw new IllegalArgumentException(at + ": expect." + key + " is required (expectations are exact)");
            }
        }
        if (!(expect.get("tags") instanceof JsonObject tagObject)) {
            throw new IllegalArgumentException(at + ": expect.tags must be an object");
        }
        SortedMap<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, JsonValue> tag : tagObject.entrySet()) {
            if (tag.getValue() instanceof JsonString value) {
                tags.put(tag.getKey(), value.getString());
            } else if (tag.getValue().getValueType() != JsonValue.ValueType.NULL) {
                throw new IllegalArgumentException(at + ": tag " + tag.getKey() + " must be a string, as in the "
                        + "outcome (write \"" + tag.getValue() + "\"), or null for no tag");
            }
        }
        List<String> flags = strings(at, expect, "quality_flags");
        if (!new ArrayList<>(new TreeSet<>(flags)).equals(flags)) {
            throw new IllegalArgumentException(at + ": expect.quality_flags must be sorted and distinct, as the "
                    + "outcome lists them: " + new TreeSet<>(flags));
        }
        String verdictText = expect.get("verdict") instanceof JsonString s ? s.getString() : "";
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(verdictText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": expect.verdict must be one of ALLOW, FLAG, BLOCK", e);
        }
        return new Expectation(Collections.unmodifiableSortedMap(tags), flags, strings(at, expect, "warnings"),
                verdict, strings(at, expect, "fired"), strings(at, expect, "not_fired"), trials(at, expect));
    }

    /** {@code "trials": [{"trial": id, "eligible": true, "unmet": [...], "arm": "control", "allocated_now": true,
     * "verdict": "ALLOW"}]} as lines; null when not given. */
    private static List<String> trials(String at, JsonObject expect) {
        if (!expect.containsKey("trials")) {
            return null;
        }
        if (!(expect.get("trials") instanceof JsonArray array)) {
            throw new IllegalArgumentException(at + ": expect.trials must be an array of objects");
        }
        List<String> lines = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonObject trial) || !(trial.get("trial") instanceof JsonString id)
                    || !(trial.get("verdict") instanceof JsonString verdict)
                    || trial.get("eligible") == null) {
                throw new IllegalArgumentException(at + ": each of expect.trials needs \"trial\", \"eligible\" and "
                        + "\"verdict\"");
            }
            unknownKeys(at + " expect.trials", trial, TRIAL_KEYS);
            String arm = trial.get("arm") instanceof JsonString s ? s.getString() : null;
            lines.add(trialLine(id.getString(), trial.get("eligible") == JsonValue.TRUE, strings(at, trial, "unmet"), arm,
                    trial.get("allocated_now") == JsonValue.TRUE, Verdict.valueOf(verdict.getString())));
        }
        return List.copyOf(lines);
    }

    private static List<String> strings(String at, JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(at + ": expect." + key + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw new IllegalArgumentException(at + ": expect." + key + " must be an array of strings");
            }
            strings.add(s.getString());
        }
        return List.copyOf(strings);
    }

    /** A table's rows as plain scenarios. */
    private static List<JsonObject> table(String where, JsonObject table) {
        String name = table.get("table") instanceof JsonString s ? s.getString() : "";
        String at = where + " table '" + name + "'";
        if (name.isBlank()) {
            throw new IllegalArgumentException(where + ": \"table\" must be a non-blank name");
        }
        unknownKeys(at, table, TABLE_KEYS);
        if (!(table.get("columns") instanceof JsonArray columns) || columns.isEmpty()) {
            throw new IllegalArgumentException(at + ": \"columns\" must be a non-empty array of JSON pointers");
        }
        if (!(table.get("rows") instanceof JsonArray rows)) {
            throw new IllegalArgumentException(at + ": \"rows\" must be an array of arrays");
        }
        List<List<String>> pointers = new ArrayList<>();
        for (JsonValue column : columns) {
            String pointer = column instanceof JsonString s ? s.getString() : "";
            if (!pointer.startsWith("/given/") && !pointer.startsWith("/expect/")) {
                throw new IllegalArgumentException(at + ": column '" + pointer + "' must be a JSON pointer into "
                        + "/given or /expect");
            }
            List<String> tokens = new ArrayList<>();
            for (String token : pointer.substring(1).split("/", -1)) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
            pointers.add(tokens);
        }
        JsonObject template = Json.createObjectBuilder()
                .add("given", table.get("given") instanceof JsonObject g ? g : JsonValue.EMPTY_JSON_OBJECT)
                .add("expect", table.get("expect") instanceof JsonObject e ? e : JsonValue.EMPTY_JSON_OBJECT)
                .build();
        List<JsonObject> scenarios = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (!(rows.get(r) instanceof JsonArray row) || row.size() != pointers.size()) {
                throw new IllegalArgumentException(at + " row " + r + ": must be an array of " + pointers.size()
                        + " cells, one a column");
            }
            JsonObject scenario = template;
            for (int c = 0; c < pointers.size(); c++) {
                scenario = with(scenario, pointers.get(c), row.get(c));
            }
            JsonValue first = row.get(0);
            String label = first instanceof JsonString s ? s.getString() : first.toString();
            scenarios.add(Json.createObjectBuilder(scenario).add("name", name + ": " + label).build());
        }
        return scenarios;
    }

    /** A copy of {@code object} with {@code value} at the path, making objects on the way as needed. */
    private static JsonObject with(JsonObject object, List<String> path, JsonValue value) {
        String key = path.get(0);
        JsonObjectBuilder builder = Json.createObjectBuilder(object);
        if (path.size() == 1) {
            builder.add(key, value);
        } else {
            JsonObject child = object.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            builder.add(key, with(child, path.subList(1, path.size()), value));
        }
        return builder.build();
    }

    private static void unknownKeys(String at, JsonObject object, Set<String> known) {
        Set<String> unknown = new LinkedHashSet<>(object.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(at + ": unknown key(s) " + unknown + "; known: " + new TreeSet<>(known));
        }
    }

    private static JsonValue json(String file, String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ": " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario file " + file, e);
        }
    }
}
