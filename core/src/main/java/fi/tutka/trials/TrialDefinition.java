package fi.tutka.trials;

import fi.tutka.facts.ResearchClass;
import fi.tutka.internal.Redact;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A randomised trial as its rule author wrote it in {@code <id>.trial.json}, checked. Eligibility is not here: it is
 * the DRL file beside it, {@code <id>.drl}.
 *
 * <pre>
 * {"id": "youth-coaching-2026", "version": "1", "title": "Intensified coaching for young jobseekers",
 *  "areas": ["179", "837"],
 *  "recruitment": {"from": "2026-09-01", "to": "2027-06-30"}, "enforce_until": "2027-12-31",
 *  "target_size": 1600, "when_target_reached": "stop_recruiting",
 *  "allocation": {"method": "keyed-hash-v1"},
 *  "arms": [{"name": "control", "weight": 5000, "forbids": ["intensified_coaching"], "enforcement": "BLOCK"},
 *           {"name": "intensified", "weight": 5000, "requires": ["intensified_coaching"], "enforcement": "FLAG"}],
 *  "exclusive_with": ["older-long-term-unemployed-2026"]}
 * </pre>
 *
 * @param id                 lower-case letters, digits and hyphens; the file is {@code <id>.trial.json}
 * @param version            the protocol's version, set by the author
 * @param title              what the trial is called in messages
 * @param areas              participating areas
 * @param recruitFrom        first Helsinki date a client can be randomised
 * @param recruitTo          last Helsinki date a client can be randomised
 * @param enforceUntil       last Helsinki date an arm is enforced
 * @param targetSize         how many clients to randomise, or null for no limit
 * @param stopAtTarget       whether recruitment stops when the target is reached
 * @param method             {@code keyed-hash-v1} or {@code permuted-blocks-v1}
 * @param strata             the variables that make a stratum ({@code area}, {@code age_band}, …), permuted blocks only
 * @param ageBands           the lower bounds of the age bands, ascending, when {@code age_band} is a stratum variable
 * @param blockSizes         the block sizes, permuted blocks only
 * @param arms               the arms in declaration order
 * @param exclusiveWith      trials that may not hold the same client
 */
public record TrialDefinition(
        String id,
        String version,
        String title,
        List<String> areas,
        LocalDate recruitFrom,
        LocalDate recruitTo,
        LocalDate enforceUntil,
        Integer targetSize,
        boolean stopAtTarget,
        String method,
        List<String> strata,
        List<Integer> ageBands,
        List<Integer> blockSizes,
        List<Arm> arms,
        List<String> exclusiveWith) {

    /** The file name ending that marks a trial definition. */
    public static final String SUFFIX = ".trial.json";
    /** The client attributes a stratum can be made of. */
    public static final List<String> STRATUM_VARIABLES = List.of("area", "age_band", "municipality",
            "jobseeker_status", "language_group", "education_level", "benefit_type");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern ARM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Pattern AREA = Pattern.compile("\\d{3}");
    private static final Set<String> KEYS = Set.of("id", "version", "title", "areas", "recruitment", "enforce_until",
            "target_size", "when_target_reached", "allocation", "arms", "exclusive_with", "description");
    private static final Set<String> RECRUITMENT_KEYS = Set.of("from", "to");
    private static final Set<String> ALLOCATION_KEYS = Set.of("method", "strata", "age_bands", "block_sizes");
    private static final Set<String> ARM_KEYS = Set.of("name", "weight", "requires", "allows", "forbids",
            "enforcement", "description");
    private static final JsonParserFactory PARSERS = JsonProvider.provider().createParserFactory(Map.of(
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    /**
     * One arm.
     *
     * @param name        the arm's name, as allocations record it
     * @param weight      basis points; the arms' weights sum to 10000
     * @param requires    service classes that are the arm's intervention: cancelling one of them contradicts the arm
     * @param allows      when not empty, the only other service classes the arm may be referred to or start
     * @param forbids     service classes the arm must not be referred to, decided on or started
     * @param enforcement what a contradicting decision gets: {@code BLOCK} or {@code FLAG}
     */
    public record Arm(String name, int weight, List<String> requires, List<String> allows, List<String> forbids,
            String enforcement) {
    }

    public TrialDefinition {
        areas = List.copyOf(areas);
        strata = List.copyOf(strata);
        ageBands = List.copyOf(ageBands);
        blockSizes = List.copyOf(blockSizes);
        arms = List.copyOf(arms);
        exclusiveWith = List.copyOf(exclusiveWith);
    }

    /** The arms' weights in declaration order. */
    public int[] weights() {
        return arms.stream().mapToInt(Arm::weight).toArray();
    }

    /** The arm with this name, or null. */
    public Arm arm(String name) {
        for (Arm arm : arms) {
            if (arm.name().equals(name)) {
                return arm;
            }
        }
        return null;
    }

    /**
     * Reads and checks a definition. Every problem is reported, each as {@code file: /json/pointer: what is wrong},
     * into {@code errors}; the definition is returned only when there are none.
     *
     * @param file the file's name, for messages and to check that it matches the id
     */
    public static TrialDefinition parse(String file, byte[] content, List<String> errors) {
        Problems problems = new Problems(file, errors);
        if (new String(content, StandardCharsets.UTF_8).isBlank()) {
            problems.add("", "is empty: write the trial's definition as a JSON object");
            return null;
        }
        JsonObject root;
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(content))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                problems.add("", "must be a JSON object");
                return null;
            }
            root = parser.getObject();
            if (parser.hasNext()) {
                problems.add("", "has content after the object");
                return null;
            }
        } catch (JsonParsingException e) {
            problems.add("", "is not valid JSON: " + e.getMessage() + " (line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber() + ")");
            return null;
        } catch (RuntimeException e) {
            problems.add("", "is not valid JSON: " + e.getMessage());
            return null;
        }
        int before = errors.size();
        problems.noIdentityCodes(root, "");
        problems.unknownKeys(root, "", KEYS);
        String id = problems.text(root, "/id", true, ID, "lower-case letters, digits and hyphens, 2 to 63 of them");
        String expectedFile = id == null ? null : id + SUFFIX;
        if (expectedFile != null && !file.equals(expectedFile) && !file.endsWith("/" + expectedFile)) {
            problems.add("/id", "is '" + id + "', so the file must be named " + expectedFile);
        }
        String version = problems.text(root, "/version", true, null, null);
        String title = problems.text(root, "/title", true, null, null);
        List<String> areas = problems.texts(root, "/areas", true, AREA, "3-digit host municipality codes");
        if (areas != null && areas.isEmpty()) {
            problems.add("/areas", "must name at least one area");
        }
        JsonObject recruitment = problems.object(root, "/recruitment", true);
        LocalDate from = null;
        LocalDate to = null;
        if (recruitment != null) {
            problems.unknownKeys(recruitment, "/recruitment", RECRUITMENT_KEYS);
            from = problems.date(recruitment, "/recruitment", "from", true);
            to = problems.date(recruitment, "/recruitment", "to", true);
            if (from != null && to != null && to.isBefore(from)) {
                problems.add("/recruitment/to", "is before /recruitment/from");
            }
        }
        LocalDate enforceUntil = problems.date(root, "", "enforce_until", false);
        if (enforceUntil == null) {
            enforceUntil = to;
        } else if (to != null && enforceUntil.isBefore(to)) {
            problems.add("/enforce_until", "is before /recruitment/to: arms must be enforced while recruiting");
        }
        Integer targetSize = problems.integer(root, "/target_size", false, 1);
        String whenReached = problems.text(root, "/when_target_reached", targetSize != null,
                Pattern.compile("stop_recruiting|keep_recruiting"), "stop_recruiting or keep_recruiting");
        if (targetSize == null && root.containsKey("when_target_reached")) {
            problems.add("/when_target_reached", "is given without /target_size");
        }

        List<Arm> arms = new ArrayList<>();
        JsonArray armValues = problems.array(root, "/arms", true);
        if (armValues != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < armValues.size(); i++) {
                String at = "/arms/" + i;
                if (!(armValues.get(i) instanceof JsonObject arm)) {
                    problems.add(at, "must be an object");
                    continue;
                }
                problems.unknownKeys(arm, at, ARM_KEYS);
                String name = problems.text(arm, at + "/name", true, ARM_NAME,
                        "lower-case letters, digits, '_' and '-', up to 40");
                if (name != null && !names.add(name)) {
                    problems.add(at + "/name", "'" + name + "' names two arms");
                }
                Integer weight = problems.integer(arm, at + "/weight", true, 1);
                List<String> requires = problems.serviceClasses(arm, at + "/requires");
                List<String> allows = problems.serviceClasses(arm, at + "/allows");
                List<String> forbids = problems.serviceClasses(arm, at + "/forbids");
                for (String forbidden : forbids) {
                    if (requires.contains(forbidden) || allows.contains(forbidden)) {
                        problems.add(at + "/forbids", "'" + forbidden + "' is also required or allowed");
                    }
                }
                String enforcement = problems.text(arm, at + "/enforcement", true, Pattern.compile("BLOCK|FLAG"),
                        "BLOCK or FLAG");
                if (name != null && weight != null && enforcement != null) {
                    arms.add(new Arm(name, weight, requires, allows, forbids, enforcement));
                }
            }
            if (armValues.size() < 2) {
                problems.add("/arms", "must hold at least two arms");
            } else if (arms.size() == armValues.size()) {
                long sum = arms.stream().mapToLong(Arm::weight).sum();
                if (sum != KeyedHashV1.TOTAL_WEIGHT) {
                    problems.add("/arms", "weights sum to " + sum + ", not 10000 (basis points: 5000 and 5000 "
                            + "is 1:1)");
                }
            }
        }

        String method = null;
        List<String> strata = List.of();
        List<Integer> ageBands = List.of();
        List<Integer> blockSizes = List.of();
        JsonObject allocation = problems.object(root, "/allocation", true);
        if (allocation != null) {
            problems.unknownKeys(allocation, "/allocation", ALLOCATION_KEYS);
            method = problems.text(allocation, "/allocation/method", true,
                    Pattern.compile(Pattern.quote(KeyedHashV1.NAME) + "|" + Pattern.quote(PermutedBlocksV1.NAME)),
                    KeyedHashV1.NAME + " or " + PermutedBlocksV1.NAME);
            boolean blocks = PermutedBlocksV1.NAME.equals(method);
            if (KeyedHashV1.NAME.equals(method)) {
                for (String key : List.of("strata", "age_bands", "block_sizes")) {
                    if (allocation.containsKey(key)) {
                        problems.add("/allocation/" + key, "applies to " + PermutedBlocksV1.NAME + " only");
                    }
                }
            }
            List<String> strataGiven = problems.texts(allocation, "/allocation/strata", false, null, null);
            if (strataGiven != null) {
                strata = strataGiven;
                for (String variable : strata) {
                    if (!STRATUM_VARIABLES.contains(variable)) {
                        problems.add("/allocation/strata", "'" + variable + "' is not a stratum variable; use "
                                + String.join(", ", STRATUM_VARIABLES));
                    }
                }
                if (new LinkedHashSet<>(strata).size() != strata.size()) {
                    problems.add("/allocation/strata", "names a variable twice");
                }
            }
            List<Integer> bands = problems.integers(allocation, "/allocation/age_bands", strata.contains("age_band"));
            if (bands != null) {
                ageBands = bands;
                for (int i = 1; i < ageBands.size(); i++) {
                    if (ageBands.get(i) <= ageBands.get(i - 1)) {
                        problems.add("/allocation/age_bands", "must ascend: " + ageBands);
                        break;
                    }
                }
                if (!strata.contains("age_band")) {
                    problems.add("/allocation/age_bands", "is given but 'age_band' is not in /allocation/strata");
                }
            }
            List<Integer> sizes = problems.integers(allocation, "/allocation/block_sizes", blocks);
            if (sizes != null) {
                blockSizes = sizes;
            }
            if (blocks && sizes != null && arms.size() >= 2 && errors.size() == before) {
                try {
                    PermutedBlocksV1.check(arms.stream().mapToInt(Arm::weight).toArray(),
                            sizes.stream().mapToInt(Integer::intValue).toArray());
                } catch (IllegalArgumentException e) {
                    problems.add("/allocation/block_sizes", e.getMessage());
                }
            }
        }
        List<String> exclusiveWith = problems.texts(root, "/exclusive_with", false, ID, "trial ids");
        if (exclusiveWith != null && id != null && exclusiveWith.contains(id)) {
            problems.add("/exclusive_with", "names the trial itself");
        }
        if (errors.size() != before) {
            return null;
        }
        return new TrialDefinition(id, version, title, areas, from, to, enforceUntil, targetSize,
                "stop_recruiting".equals(whenReached), method, strata, ageBands, blockSizes, arms,
                exclusiveWith == null ? List.of() : exclusiveWith);
    }

    /**
     * Checks what only the loaded rules can tell: that every trial in {@code exclusive_with} is loaded. Each one that
     * is not is reported as the definition's other problems are, {@code file: /exclusive_with/i: what is wrong}, into
     * {@code errors}.
     *
     * @param file   the definition's file name, as given to {@link #parse}
     * @param loaded the ids of every trial loaded with this one
     */
    public void checkExclusiveWith(String file, Set<String> loaded, List<String> errors) {
        Problems problems = new Problems(file, errors);
        for (int i = 0; i < exclusiveWith.size(); i++) {
            String other = exclusiveWith.get(i);
            if (!loaded.contains(other)) {
                problems.add("/exclusive_with/" + i, "names trial '" + other + "', which is not loaded; loaded "
                        + "trials: " + new TreeSet<>(loaded));
            }
        }
    }

    /** Collects problems as {@code file: /pointer: message} and reads typed values. */
    private record Problems(String file, List<String> errors) {

        /** Adds a problem; an identity code that a value quotes never reaches the message. */
        void add(String pointer, String message) {
            errors.add(Redact.identityCodes(file + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + message));
        }

        /** A definition describes a trial, never a client: nothing in it may look like an identity code. */
        void noIdentityCodes(JsonValue value, String at) {
            if (value instanceof JsonObject object) {
                object.forEach((key, member) -> {
                    String pointer = at + "/" + key.replace("~", "~0").replace("/", "~1");
                    if (Redact.containsIdentityCode(key)) {
                        add(pointer, "is shaped like a personal identity code: a trial "
                                + "definition must not name a client");
                    } else {
                        noIdentityCodes(member, pointer);
                    }
                });
            } else if (value instanceof JsonArray array) {
                for (int i = 0; i < array.size(); i++) {
                    noIdentityCodes(array.get(i), at + "/" + i);
                }
            } else if (value instanceof JsonString string && Redact.containsIdentityCode(string.getString())) {
                add(at, "holds a value shaped like a personal identity code: a trial definition must not name a "
                        + "client");
            }
        }

        void unknownKeys(JsonObject object, String at, Set<String> known) {
            for (String key : object.keySet()) {
                if (!known.contains(key)) {
                    add(at + "/" + key, "is not a known field; known: " + String.join(", ", known.stream().sorted()
                            .toList()));
                }
            }
        }

        private JsonValue value(JsonObject object, String pointer, boolean required) {
            String key = pointer.substring(pointer.lastIndexOf('/') + 1);
            JsonValue value = object.get(key);
            if (value == null || value == JsonValue.NULL) {
                if (required) {
                    add(pointer, "is required");
                }
                return null;
            }
            return value;
        }

        String text(JsonObject object, String pointer, boolean required, Pattern pattern, String patternText) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonString string) || string.getString().isBlank()) {
                add(pointer, "must be a non-empty string");
                return null;
            }
            if (pattern != null && !pattern.matcher(string.getString()).matches()) {
                add(pointer, "'" + string.getString() + "' is not allowed: use " + patternText);
                return null;
            }
            return string.getString();
        }

        List<String> texts(JsonObject object, String pointer, boolean required, Pattern pattern, String patternText) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonArray array)) {
                add(pointer, "must be an array of strings");
                return null;
            }
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString string)) {
                    add(pointer + "/" + i, "must be a string");
                } else if (pattern != null && !pattern.matcher(string.getString()).matches()) {
                    add(pointer + "/" + i, "'" + string.getString() + "' is not allowed: use " + patternText);
                } else {
                    texts.add(string.getString());
                }
            }
            return texts;
        }

        List<String> serviceClasses(JsonObject object, String pointer) {
            List<String> codes = texts(object, pointer, false, null, null);
            if (codes == null) {
                return List.of();
            }
            for (String code : codes) {
                try {
                    ResearchClass.of(code);
                } catch (IllegalArgumentException e) {
                    add(pointer, e.getMessage());
                }
            }
            return codes;
        }

        Integer integer(JsonObject object, String pointer, boolean required, int minimum) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigDecimalValue()
                    .compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                add(pointer, "must be a whole number");
                return null;
            }
            if (number.intValue() < minimum) {
                add(pointer, "must be at least " + minimum + ", got " + number.intValue());
                return null;
            }
            return number.intValue();
        }

        List<Integer> integers(JsonObject object, String pointer, boolean required) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonArray array) || array.isEmpty()) {
                add(pointer, "must be a non-empty array of whole numbers");
                return null;
            }
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) instanceof JsonNumber number && number.isIntegral() && number.intValue() >= 0
                        && number.intValue() <= 1000) {
                    numbers.add(number.intValue());
                } else {
                    add(pointer + "/" + i, "must be a whole number from 0 to 1000");
                }
            }
            return numbers;
        }

        JsonObject object(JsonObject object, String pointer, boolean required) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonObject found)) {
                add(pointer, "must be an object");
                return null;
            }
            return found;
        }

        JsonArray array(JsonObject object, String pointer, boolean required) {
            JsonValue value = value(object, pointer, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonArray found)) {
                add(pointer, "must be an array");
                return null;
            }
            return found;
        }

        LocalDate date(JsonObject object, String at, String key, boolean required) {
            String text = text(object, at + "/" + key, required, null, null);
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                add(at + "/" + key, "'" + text + "' is not a date as YYYY-MM-DD");
                return null;
            }
        }
    }
}
