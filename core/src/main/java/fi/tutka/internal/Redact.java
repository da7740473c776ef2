package fi.tutka.internal;

import java.util.regex.Pattern;

/** Masks anything shaped like a personal identity code in text that may reach a log or a message. */
public final class Redact {
    private static final Pattern IDENTITY_CODE =
            Pattern.compile("(?i)(?<![0-9A-Z])[0-3]\\d[01]\\d{3}[-+A-FU-Y]\\d{3}[0-9A-Y](?![0-9A-Z])");

    // Also glued to letters ("hetu100190-999P"), for checking input fields rather than masking prose.
    private static final Pattern IDENTITY_CODE_ANYWHERE =
            Pattern.compile("(?i)[0-3]\\d[01]\\d{3}[-+A-FU-Y]\\d{3}[0-9A-Y]");

    private Redact() {
    }

    public static String identityCodes(String text) {
        return text == null ? null : IDENTITY_CODE.matcher(text).replaceAll("<identity code>");
    }

    /** Whether an identity-code shape stands anywhere in {@code text}, even glued to letters. */
    public static boolean holdsIdentityCodeAnywhere(String text) {
        return text != null && text.length() >= 11 && IDENTITY_CODE_ANYWHERE.matcher(text).find();
    }

    /** Masks identity-code shapes anywhere in {@code text}, even glued to letters. */
    public static String identityCodesAnywhere(String text) {
        return IDENTITY_CODE_ANYWHERE.matcher(text).replaceAll("<identity code>");
    }

    public static boolean containsIdentityCode(String text) {
        return text != null && IDENTITY_CODE.matcher(text).find();
    }
}
