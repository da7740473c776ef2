package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.internal.IoErrors;
import fi.tutka.internal.Sha256;
import fi.tutka.spi.HmacKey;
import fi.tutka.spi.KeyProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in a properties file readable by its owner only:
 * <pre>
 * current.179=179-20260105
 * key.179-20260105=&lt;base64 of 32 random bytes&gt;
 * current.trial.youth-coaching-2026=trial.youth-coaching-2026-20260901-…
 * </pre>
 * Rotation: add a new {@code key.<id>} and point {@code current.<area>} at it; old keys stay for reading. With
 * {@code generate} on (the embedded default), an area without a key gets a new random key on first use.
 */
public final class FileKeyProvider implements KeyProvider {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Map<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(FileKeyProvider.class);

    private final Path file;
    private final boolean generate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<String, HmacKey> keys;
    private volatile Map<String, String> current;

    public FileKeyProvider(Path file, boolean generate, Clock clock) {
        this.file = file.toAbsolutePath();
        this.generate = generate;
        this.clock = clock;
        load();
    }

    @Override
    public HmacKey pseudonymKey(String area) {
        return currentKey(area, "pseudonymisation key for area " + area);
    }

    /** A trial's key sits beside the area keys as {@code current.trial.<trial id>}. */
    @Override
    public HmacKey trialKey(String trialId) {
        return currentKey("trial." + trialId, "key for trial " + trialId);
    }

    @Override
    public Optional<HmacKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    private HmacKey currentKey(String slot, String what) {
        String id = current.get(slot);
        if (id == null) {
            id = createKey(slot, what);
        }
        return keys.get(id);
    }

    private String createKey(String slot, String what) {
        if (!generate) {
            throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "no " + what + " in "
                    + file + ": add 'current." + slot + "' and its 'key.<id>' there, or set "
                    + "'tutka.keys.generate=true' to create one");
        }
        // Serialised across providers in this JVM (one monitor per file) and across processes (a lock file), and
        // decided on the file as it is now: a key another provider made first is used, never overwritten.
        synchronized (FILE_MONITORS.computeIfAbsent(file, f -> new Object())) {
            try {
                Durable.createOwnerOnlyFolder(file.getParent());
            } catch (IOException e) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "cannot create the key file's folder "
                        + file.getParent() + ": " + IoErrors.reason(e) + "; check setting 'tutka.keys.file'", e);
            }
            try (FileChannel lockChannel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                lockChannel.lock();  // released when the channel closes
                load();
                String id = current.get(slot);
                if (id != null) {
                    return id;
                }
                Properties properties = read();
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                // The id names the secret, not only the day: a key made again after its file was lost must not
                // pass for the old one, or records would silently mix two pseudonym spaces.
                id = slot + "-" + LocalDate.now(clock).format(DAY) + "-" + fingerprint(secret);
                properties.setProperty("key." + id, Base64.getEncoder().encodeToString(secret));
                properties.setProperty("current." + slot, id);
                StringWriter text = new StringWriter();
                properties.store(text, "Tutka pseudonymisation keys: secret; back up; never commit or share");
                Durable.writeAtomically(file, text.toString().getBytes(StandardCharsets.ISO_8859_1), true);
                load();
                return id;
            } catch (IOException e) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "cannot write key file " + file + ": "
                        + IoErrors.reason(e) + "; check setting 'tutka.keys.file'", e);
            }
        }
    }

    /** The first 4 bytes of SHA-256 of a secret, in hex: distinguishes keys without revealing them. */
    static String fingerprint(byte[] secret) {
        return HexFormat.of().formatHex(Sha256.digest().digest(secret), 0, 4);
    }

    private void load() {
        Properties properties = read();
        Map<String, HmacKey> loadedKeys = new HashMap<>();
        Map<String, String> loadedCurrent = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            String value = properties.getProperty(name).strip();
            if (!name.startsWith("key.") && !name.startsWith("current.")) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "key file " + file + " holds '" + name
                        + "', which is neither 'key.<id>' nor 'current.<area>': is it the right file? Check "
                        + "'tutka.keys.file' (--keys)");
            }
            if (value.isEmpty()) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "'" + name + "' in key file " + file
                        + " is empty");
            }
            if (name.startsWith("key.")) {
                String id = name.substring(4);
                try {
                    loadedKeys.put(id, new HmacKey(id, Base64.getDecoder().decode(value)));
                } catch (IllegalArgumentException e) {
                    throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "key '" + id + "' in " + file
                            + " is not usable: " + (e.getMessage().contains("at least") ? e.getMessage()
                            : "it must be base64 of at least 32 random bytes"));
                }
            } else if (name.startsWith("current.")) {
                loadedCurrent.put(name.substring(8), value);
            }
        }
        for (Map.Entry<String, String> entry : loadedCurrent.entrySet()) {
            if (!loadedKeys.containsKey(entry.getValue())) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "current." + entry.getKey() + " in " + file
                        + " names key '" + entry.getValue() + "', which the file lacks: add 'key."
                        + entry.getValue() + "'");
            }
        }
        keys = Map.copyOf(loadedKeys);
        current = Map.copyOf(loadedCurrent);
    }

    private void warnIfOthersCanRead() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("key file {} can be read by others ({}): make it owner-only, chmod 600", file,
                        PosixFilePermissions.toString(permissions));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or unreadable: reading it says what is wrong
        }
    }

    private Properties read() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            warnIfOthersCanRead();
            try {
                properties.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
            } catch (IllegalArgumentException e) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "key file " + file + " is not a properties file ("
                        + e.getMessage() + "): check 'tutka.keys.file' (--keys)", e);
            } catch (IOException e) {
                throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "cannot read key file " + file + ": "
                        + IoErrors.reason(e) + "; check setting 'tutka.keys.file'", e);
            }
        } else if (!generate) {
            throw new TutkaException(ErrorCode.KEY_UNAVAILABLE, "key file " + file + " does not exist: check setting "
                    + "'tutka.keys.file', or set 'tutka.keys.generate=true' to create keys");
        }
        return properties;
    }
}
