package fi.tutka.providers;

import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Keys the host holds in memory (loaded from its own vault): one current key for every area, older ones by id. */
public final class StaticKeyProvider implements KeyProvider {
    private final HmacKey current;
    private final Map<String, HmacKey> byId;

    private StaticKeyProvider(HmacKey current, HmacKey... older) {
        this.current = current;
        this.byId = Stream.concat(Stream.of(current), Arrays.stream(older))
                .collect(Collectors.toUnmodifiableMap(HmacKey::id, Function.identity()));
    }

    public static StaticKeyProvider of(HmacKey current, HmacKey... older) {
        return new StaticKeyProvider(current, older);
    }

    @Override
    public HmacKey pseudonymKey(String area) {
        return current;
    }

    @Override
    public Optional<HmacKey> key(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
