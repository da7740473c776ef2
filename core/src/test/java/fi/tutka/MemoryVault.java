package fi.tutka;

import fi.tutka.spi.IdentityVault;
import fi.tutka.spi.VaultEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An identity vault in memory, unencrypted, for engine tests that are not about the vault. */
final class MemoryVault implements IdentityVault {
    final Map<String, String> codes = new ConcurrentHashMap<>();

    @Override
    public void remember(List<VaultEntry> entries) {
        for (VaultEntry entry : entries) {
            codes.putIfAbsent(entry.subjectKey() + "/" + entry.subject(), entry.identityCode());
        }
    }

    @Override
    public Optional<String> identityCode(String subjectKey, String subject) {
        return Optional.ofNullable(codes.get(subjectKey + "/" + subject));
    }

    @Override
    public void close() {
    }
}
