package fi.tutka.internal;

import java.util.regex.Pattern;

/** Masks anything shaped like a personal identity code in text that may reach a log or a message. */
public final class Redact {
    private static final Pattern IDENTITY_CODE =
            Pattern.compile("(?i)(?<![0-9A-Z])[0-3]\\d[01]\\d{3}[-+A-FU-Y]\\d{3}[0-9A-Y](?![0-9A-Z])");

    private Redact() {
    }

    public static String identityCodes(String text) {
        return text == null ? null : IDENTITY_CODE.matcher(text).replaceAll("<identity code>");
    }

    public static boolean containsIdentityCode(String text) {
        return text != null && IDENTITY_CODE.matcher(text).find();
    }
}
