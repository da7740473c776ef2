package fi.tutka.sidecar;

import fi.tutka.trials.BalanceReport;
import java.time.LocalDate;
import java.util.List;

/**
 * A loaded trial, its state on the day asked and its balance in the ledger.
 *
 * @param id           the trial
 * @param version      its definition's version
 * @param title        its title
 * @param method       its allocation method
 * @param areas        the participating areas
 * @param recruitFrom  first Helsinki date a client can be randomised
 * @param recruitTo    last Helsinki date a client can be randomised
 * @param enforceUntil last Helsinki date an arm is enforced
 * @param targetSize   how many clients to randomise, or null for no limit
 * @param state        {@code planned} (before recruitment), {@code recruiting}, {@code enforcing} (recruitment over,
 *                     or the target reached with {@code stop_recruiting}, arms still enforced) or {@code closed}
 * @param balance      allocations per stratum and arm against the expected ratio
 */
public record TrialStatus(String id, String version, String title, String method, List<String> areas,
        LocalDate recruitFrom, LocalDate recruitTo, LocalDate enforceUntil, Integer targetSize, String state,
        BalanceReport.TrialBalance balance) {

    public TrialStatus {
        areas = List.copyOf(areas);
    }

    /**
     * The trials' answer.
     *
     * @param date      the Helsinki date the states are for
     * @param trials    every loaded trial
     * @param notLoaded trials the ledger holds allocations of that were not loaded
     */
    public record Trials(LocalDate date, List<TrialStatus> trials, List<BalanceReport.UnloadedTrial> notLoaded) {
        public Trials {
            trials = List.copyOf(trials);
            notLoaded = List.copyOf(notLoaded);
        }
    }
}
