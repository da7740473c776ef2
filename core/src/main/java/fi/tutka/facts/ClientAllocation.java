package fi.tutka.facts;

import java.time.LocalDate;

/**
 * An allocation the client already holds, present while any trial is open in the decision's area and dates, so that
 * eligibility rules can look at the client's earlier trials:
 *
 * <pre>
 * not ClientAllocation( trialId == "youth-coaching-2026", live )
 * </pre>
 */
public final class ClientAllocation {
    private final String trialId;
    private final String arm;
    private final LocalDate allocatedOn;
    private final boolean live;

    public ClientAllocation(String trialId, String arm, LocalDate allocatedOn, boolean live) {
        this.trialId = trialId;
        this.arm = arm;
        this.allocatedOn = allocatedOn;
        this.live = live;
    }

    public String getTrialId() {
        return trialId;
    }

    public String getArm() {
        return arm;
    }

    /** The Helsinki date of the decision on which the client was randomised. */
    public LocalDate getAllocatedOn() {
        return allocatedOn;
    }

    /** False once the allocation was corrected (withdrawal, allocated in error). */
    public boolean isLive() {
        return live;
    }

    @Override
    public String toString() {
        return "ClientAllocation[" + trialId + ", " + arm + (live ? "" : ", corrected") + "]";
    }
}
