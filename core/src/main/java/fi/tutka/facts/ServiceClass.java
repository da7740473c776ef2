package fi.tutka.facts;

/**
 * The research service class of the decision being evaluated, inserted by the area's service-code table:
 * {@code insert(new ServiceClass("pay_subsidy_50"))}. A decision with no {@code ServiceClass} after the table has
 * its local code flagged as unknown.
 */
public final class ServiceClass {
    private final ResearchClass researchClass;

    /** @throws IllegalArgumentException naming the known classes when {@code code} is not one of them */
    public ServiceClass(String code) {
        this.researchClass = ResearchClass.of(code);
    }

    public String getCode() {
        return researchClass.code();
    }

    public boolean isStatutory() {
        return researchClass.statutory();
    }

    /** The act the service rests on from 2025, or empty. */
    public String getStatutoryBasis() {
        return researchClass.statutoryBasis();
    }

    @Override
    public String toString() {
        return "ServiceClass[" + getCode() + "]";
    }
}
