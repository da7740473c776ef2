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

    /** Any key this provider has held, current or rotated out. */
    Optional<HmacKey> key(String id);
}
