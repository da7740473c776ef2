package fi.tutka.spi;

/**
 * One client's personal identity code behind its pseudonym, for the {@link IdentityVault}: the only place outside
 * the encrypted linkage file where an identity code may be kept. {@link #toString()} never shows the code, so an
 * entry that reaches a log or a message gives nothing away.
 *
 * @param area         the area's 3-digit host municipality code
 * @param subjectKey   the id of the key that made the pseudonym (and that encrypts the identity code in the vault)
 * @param subject      the pseudonym: lowercase hex HMAC-SHA256 of the identity code under that key
 * @param identityCode the personal identity code, upper-cased as it was pseudonymised
 */
public record VaultEntry(String area, String subjectKey, String subject, String identityCode) {

    /** @throws IllegalArgumentException naming the field (never its value) when one is null or blank */
    public VaultEntry {
        requireText("area", area);
        requireText("subject key", subjectKey);
        requireText("subject", subject);
        requireText("identity code", identityCode);
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("vault entry: " + name + " is " + (value == null ? "missing" : "blank"));
        }
    }

    /** Never shows the identity code. */
    @Override
    public String toString() {
        return "VaultEntry[area=" + area + ", subjectKey=" + subjectKey + ", subject=" + subject
                + ", identityCode=***]";
    }
}
