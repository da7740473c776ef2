package fi.tutka.providers;

import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keys the host holds in memory (loaded from its own vault): one current key for every area, older ones by id, and
 * trial keys by trial id.
 */
public final class StaticKeyProvider implements KeyProvider {
    private final HmacKey current;
    private final Map<String, HmacKey> byId;
    private final Map<String, HmacKey> trialKeys;

    private StaticKeyProvider(HmacKey current, Map<String, HmacKey> trialKeys, HmacKey... older) {
        this.current = current;
        this.byId = Stream.concat(Stream.of(current), Arrays.stream(older))
                .collect(Collectors.toUnmodifiableMap(HmacKey::id, Function.identity()));
        this.trialKeys = Map.copyOf(trialKeys);
    }

    public static StaticKeyProvider of(HmacKey current, HmacKey... older) {
        return new StaticKeyProvider(current, Map.of(), older);
    }

    /** The same keys, with {@code key} randomising trial {@code trialId}. */
    public StaticKeyProvider withTrialKey(String trialId, HmacKey key) {
        Map<String, HmacKey> trials = new HashMap<>(trialKeys);
        trials.put(trialId, key);
        return new StaticKeyProvider(current, trials, byId.values().stream().filter(k -> k != current)
                .toArray(HmacKey[]::new));
    }

    @Override
    public HmacKey trialKey(String trialId) {
        HmacKey key = trialKeys.get(trialId);
        return key != null ? key : KeyProvider.super.trialKey(trialId);
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
