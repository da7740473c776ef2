package fi.tutka.providers;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import fi.tutka.spi.RuleResource;
import fi.tutka.spi.RuleSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rule files packed in a jar. Class paths cannot be listed, so the folder holds an index, {@code ruleset.list}, with
 * one file name a line. The jar's build may put the rules' compiled image beside it, {@value #IMAGE}, which Tutka
 * loads instead of compiling the rules when it was made of exactly these files.
 */
public final class ClasspathRuleSource implements RuleSource {
    /** The compiled image's file name in the folder. */
    public static final String IMAGE = "compiled.rules";

    private final ClassLoader loader;
    private final String folder;

    /** @param folder resource folder without leading slash, {@code fi/tutka/rules} */
    public ClasspathRuleSource(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    @Override
    public String name() {
        return "classpath:" + folder;
    }

    @Override
    public List<RuleResource> resources() {
        List<RuleResource> files = new ArrayList<>();
        String index = new String(read(folder + "/ruleset.list"), StandardCharsets.UTF_8);
        for (String line : index.split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                files.add(new RuleResource(file, read(folder + "/" + file)));
            }
        }
        return files;
    }

    /** The folder's compiled image, when its jar has one. */
    public Optional<InputStream> image() {
        return Optional.ofNullable(loader.getResourceAsStream(folder + "/" + IMAGE));
    }

    private byte[] read(String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new TutkaException(ErrorCode.CONFIGURATION, "rule file " + path + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TutkaException(ErrorCode.IO, "cannot read " + path + " from the class path", e);
        }
    }
}
