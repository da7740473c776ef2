package fi.tutka.internal;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.Settings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The employment areas an installation serves (setting {@value #SETTING}): a decision of another area is refused
 * before any pseudonymisation key is made for it, and so is a delivery. By default the areas of the bundled
 * municipality-to-area table ({@code fi/tutka/areas.csv}).
 */
public final class ServedAreas {
    /** The setting: area codes separated by commas, such as {@code 179,837}. */
    public static final String SETTING = "tutka.areas";

    private static final SortedSet<String> BUNDLED = Collections.unmodifiableSortedSet(readTable());

    private ServedAreas() {
    }

    /** The areas of the bundled municipality-to-area table, sorted: {@code 179, 837}. */
    public static SortedSet<String> bundled() {
        return BUNDLED;
    }

    /**
     * The areas the settings name, or the bundled table's when {@value #SETTING} is not set.
     *
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming the setting when it holds anything but 3-digit
     *                        area codes separated by commas
     */
    public static SortedSet<String> of(Settings settings) {
        return settings.get(SETTING).map(value -> parse(value, "setting " + SETTING)).orElse(BUNDLED);
    }

    /**
     * Area codes separated by commas, blanks around them ignored.
     *
     * @param where what gave them, for the message: {@code setting tutka.areas} or {@code --areas}
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming {@code where}
     */
    public static SortedSet<String> parse(String value, String where) {
        List<String> codes = new ArrayList<>();
        for (String code : value.split(",", -1)) {
            codes.add(code.strip());
        }
        return require(codes, where);
    }

    /**
     * The areas, checked and sorted.
     *
     * @param where what gave them, for the message
     * @throws TutkaException {@link ErrorCode#CONFIGURATION} naming {@code where} unless every one is a 3-digit code
     *                        and there is at least one
     */
    public static SortedSet<String> require(Collection<String> areas, String where) {
        if (areas == null || areas.isEmpty()) {
            throw new TutkaException(ErrorCode.CONFIGURATION, where + " names no area: give the 3-digit codes of the "
                    + "areas this Tutka serves, separated by commas, such as 179,837");
        }
        SortedSet<String> sorted = new TreeSet<>();
        for (String area : areas) {
            if (area == null || !DecisionValidator.isMunicipality(area)) {
                throw new TutkaException(ErrorCode.CONFIGURATION, where + ": '"
                        + (area == null ? "null" : Redact.identityCodesAnywhere(area))
                        + "' is not an area code: give the areas' 3-digit host municipality codes, separated by "
                        + "commas, such as 179,837");
            }
            sorted.add(area);
        }
        return Collections.unmodifiableSortedSet(sorted);
    }

    /** {@code 179, 837}. */
    public static String describe(Collection<String> areas) {
        return String.join(", ", areas);
    }

    /**
     * Why an area is refused, after its name or pointer: {@code is not an area this Tutka serves: this Tutka serves
     * areas 179, 837 (setting tutka.areas)}.
     */
    public static String notServed(Collection<String> areas) {
        return "is not an area this Tutka serves: " + refusal(areas);
    }

    /** Why an area is refused: {@code this Tutka serves areas 179, 837 (setting tutka.areas)}. */
    public static String refusal(Collection<String> areas) {
        return "this Tutka serves " + (areas.size() == 1 ? "area " : "areas ") + describe(areas) + " (setting "
                + SETTING + ")";
    }

    private static SortedSet<String> readTable() {
        SortedSet<String> areas = new TreeSet<>();
        AreaTable.rows().forEach(row -> areas.add(row.area()));
        return areas;
    }
}
