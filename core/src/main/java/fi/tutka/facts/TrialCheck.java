package fi.tutka.facts;

/**
 * Present while a trial is recruiting in the decision's area on its date: a trial's eligibility rules match it, so
 * they are evaluated only then. Every rule in {@code <trial id>.drl} is one criterion; the client is eligible when
 * all of them fire.
 *
 * <pre>
 * rule "youth-coaching-2026: aged 18 to 29"
 * when
 *     TrialCheck(trialId == "youth-coaching-2026")
 *     Decision(age &gt;= 18, age &lt;= 29)
 * then
 * end
 * </pre>
 */
public final class TrialCheck {
    private final String trialId;

    public TrialCheck(String trialId) {
        this.trialId = trialId;
    }

    public String getTrialId() {
        return trialId;
    }

    @Override
    public String toString() {
        return "TrialCheck[" + trialId + "]";
    }
}
