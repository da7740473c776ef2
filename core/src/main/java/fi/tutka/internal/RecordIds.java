package fi.tutka.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Record ids: name-based UUIDs (RFC 4122 version 5) in Tutka's namespace, of {@code area/decisionId/recordType}.
 * A re-sent decision gets the same id, so downstream keeps one record. In Python:
 * {@code uuid.uuid5(uuid.UUID("5b7f3c1e-9a4d-4f2b-8c6e-1d0a7e3b9f42"), "179/D-1/fi.tutka.service-event.v1")}.
 */
public final class RecordIds {
    /** Tutka's namespace for record ids. */
    public static final UUID NAMESPACE = UUID.fromString("5b7f3c1e-9a4d-4f2b-8c6e-1d0a7e3b9f42");

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    });

    private RecordIds() {
    }

    public static String of(String area, String decisionId, String recordType) {
        return uuid5(NAMESPACE, area + "/" + decisionId + "/" + recordType).toString();
    }

    static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
