package fi.tutka.trials;

import fi.tutka.facts.Decision;
import fi.tutka.internal.Sha256;
import fi.tutka.spi.ArmPicker;
import fi.tutka.spi.HmacKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A loaded trial: its checked definition, the names of its eligibility rules and its protocol fingerprint.
 * Immutable and thread-safe.
 *
 * @param definition  the definition
 * @param criteria    the names of the rules in the trial's DRL file, each an eligibility criterion, sorted
 * @param fingerprint SHA-256 (hex) of the definition file and the eligibility file
 */
public record Trial(TrialDefinition definition, List<String> criteria, String fingerprint) {

    public Trial {
        criteria = List.copyOf(criteria);
    }

    /**
     * The protocol fingerprint: lower-case hex SHA-256 of {@code "tutka-protocol-v1\n"}, the definition file, a
     * zero byte and the eligibility file, each file's line endings made {@code \n}. Any change to either file,
     * whitespace included, gives a new fingerprint, which new allocations carry.
     */
    public static String fingerprint(byte[] definition, byte[] eligibility) {
        MessageDigest digest = Sha256.digest();
        digest.update("tutka-protocol-v1\n".getBytes(StandardCharsets.UTF_8));
        digest.update(unixLines(definition));
        digest.update((byte) 0);
        digest.update(unixLines(eligibility));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] unixLines(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
        for (int i = 0; i < text.length; i++) {
            if (text[i] != '\r' || i + 1 >= text.length || text[i + 1] != '\n') {
                out.write(text[i]);
            }
        }
        return out.toByteArray();
    }

    public String id() {
        return definition.id();
    }

    /** Whether a client can be randomised on a decision of this area on this Helsinki date. */
    public boolean recruiting(String area, LocalDate date) {
        return definition.areas().contains(area) && !date.isBefore(definition.recruitFrom())
                && !date.isAfter(definition.recruitTo());
    }

    /** Whether an allocated client's arm is enforced on a decision of this area on this Helsinki date. */
    public boolean enforcing(String area, LocalDate date) {
        return definition.areas().contains(area) && !date.isBefore(definition.recruitFrom())
                && !date.isAfter(definition.enforceUntil());
    }

    /** The client's stratum: the stratum variables' values joined by {@code /}, {@code ""} when not stratified. */
    public String stratum(Decision decision) {
        StringBuilder stratum = new StringBuilder();
        for (String variable : definition.strata()) {
            if (stratum.length() > 0) {
                stratum.append('/');
            }
            stratum.append(switch (variable) {
                case "area" -> decision.getArea();
                case "age_band" -> ageBand(decision.getAge());
                case "municipality" -> decision.getMunicipality();
                case "jobseeker_status" -> decision.getJobseekerStatus();
                case "language_group" -> orNone(decision.getLanguageGroup());
                case "education_level" -> orNone(decision.getEducationLevel());
                case "benefit_type" -> orNone(decision.getBenefitType());
                default -> throw new IllegalStateException("unchecked stratum variable " + variable);
            });
        }
        return stratum.toString();
    }

    /** {@code 55-59} for bands 55 and 60; the last band is open: {@code 60+}; below the first, {@code <55}. */
    private String ageBand(int age) {
        List<Integer> bands = definition.ageBands();
        if (age < bands.get(0)) {
            return "<" + bands.get(0);
        }
        for (int i = bands.size() - 1; ; i--) {
            if (age >= bands.get(i)) {
                return i == bands.size() - 1 ? bands.get(i) + "+" : bands.get(i) + "-" + (bands.get(i + 1) - 1);
            }
        }
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    /** The arm picker for one subject: a pure function of the trial key, the subject and the sequence number. */
    public ArmPicker arms(HmacKey trialKey, String subject, String stratum) {
        List<TrialDefinition.Arm> arms = definition.arms();
        int[] weights = definition.weights();
        if (definition.method().equals(KeyedHashV1.NAME)) {
            int arm = KeyedHashV1.arm(new KeyedHashV1(trialKey).basisPoints(id(), subject), weights);
            return sequence -> arms.get(arm).name();
        }
        PermutedBlocksV1 blocks = new PermutedBlocksV1(trialKey, id(), weights,
                definition.blockSizes().stream().mapToInt(Integer::intValue).toArray());
        return sequence -> arms.get(blocks.arm(stratum, sequence)).name();
    }

    /**
     * Why a decision contradicts an arm, in words, or null when it fits. Ending a service never contradicts; a
     * decision whose service class is unknown cannot be judged and fits.
     */
    public static String contradiction(TrialDefinition.Arm arm, String serviceClass, String eventType) {
        if (serviceClass == null || eventType.equals("end")) {
            return null;
        }
        if (eventType.equals("cancellation")) {
            return arm.requires().contains(serviceClass) ? "cancels " + serviceClass + ", which the arm '"
                    + arm.name() + "' is to receive" : null;
        }
        if (arm.forbids().contains(serviceClass)) {
            return "the arm '" + arm.name() + "' must not receive " + serviceClass;
        }
        if (!arm.allows().isEmpty() && !arm.allows().contains(serviceClass)
                && !arm.requires().contains(serviceClass)) {
            Set<String> permitted = new LinkedHashSet<>(arm.requires());
            permitted.addAll(arm.allows());
            return "the arm '" + arm.name() + "' may receive only " + String.join(", ", new ArrayList<>(permitted));
        }
        return null;
    }
}
