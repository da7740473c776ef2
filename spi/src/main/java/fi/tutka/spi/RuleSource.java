package fi.tutka.spi;

import java.util.List;

/** A set of rule files that the engine compiles together with the other sources. */
public interface RuleSource {

    /** Where the rules come from, for messages ({@code classpath:fi/tutka/rules}, a folder's path). */
    String name();

    /**
     * The rule files, in a stable order.
     *
     * @throws fi.tutka.api.TutkaException with {@link fi.tutka.api.ErrorCode#IO} when they cannot be read
     */
    List<RuleResource> resources();
}
