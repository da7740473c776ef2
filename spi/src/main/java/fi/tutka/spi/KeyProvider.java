package fi.tutka.spi;

import java.util.Optional;

/** Supplies the secret keys that make pseudonyms. Rotation adds a new current key; old keys stay readable by id. */
public interface KeyProvider {

    /**
     * The key that makes new pseudonyms in an area.
     *
     * @param area the area's 3-digit host municipality code
     * @throws fi.tutka.api.TutkaException with {@link fi.tutka.api.ErrorCode#KEY_UNAVAILABLE} if there is none
     */
    HmacKey pseudonymKey(String area);

    /**
     * The secret key that randomises clients in a trial: the same key for the trial's whole life, in every process,
     * released only when the trial's results are published.
     *
     * @throws fi.tutka.api.TutkaException with {@link fi.tutka.api.ErrorCode#KEY_UNAVAILABLE} if there is none
     */
    default HmacKey trialKey(String trialId) {
        throw new fi.tutka.api.TutkaException(fi.tutka.api.ErrorCode.KEY_UNAVAILABLE, "the key provider "
                + getClass().getName() + " holds no trial keys: trial '" + trialId + "' cannot randomise");
    }

    /** Any key this provider has held, current or rotated out. */
    Optional<HmacKey> key(String id);
}
