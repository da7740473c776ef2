package fi.tutka.sidecar;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * The rules in use and their last reloads: {@code GET /v1/rules}.
 *
 * @param version   the ruleset version in use ({@code VERSION} file text plus a hash of every rule file)
 * @param ruleCount how many rules are in use
 * @param trials    the ids of the trials loaded with them
 * @param loadedAt  when they were loaded (UTC)
 * @param folder    the rules folder ({@code tutka.rules.dir}), or null for none
 * @param watched   whether the folder is watched and reloaded on change
 * @param reloads   the last reloads, newest first
 */
public record RulesStatus(String version, int ruleCount, List<String> trials, Instant loadedAt,
        @Nullable String folder, boolean watched, List<Reload> reloads) {

    public RulesStatus {
        trials = List.copyOf(trials);
        reloads = List.copyOf(reloads);
    }

    /**
     * One reload.
     *
     * @param at            when it ended (UTC)
     * @param trigger       {@code api} ({@code POST /v1/rules/reload}) or {@code watch} (a file changed)
     * @param outcome       {@code ok} (the new rules are in use) or {@code failed} (the rules in use stayed)
     * @param versionBefore the version in use before
     * @param versionAfter  the version in use after: the same as before when it failed, or when no file changed
     * @param loadMillis    how long reading and compiling took, in milliseconds
     * @param errors        why it failed, one line an error ({@code file:line:column: message hint: ...}); null when
     *                      it did not
     */
    public record Reload(Instant at, String trigger, String outcome, String versionBefore, String versionAfter,
            long loadMillis, @Nullable List<String> errors) {
    }
}
