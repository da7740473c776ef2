package fi.tutka.spi;

import java.nio.charset.StandardCharsets;

/**
 * One rule file: DRL ({@code .drl}) or a decision table ({@code .csv}, {@code .xlsx}).
 *
 * @param name    the file's name as shown in error messages, relative to its source ({@code tags/youth.drl})
 * @param content the file's bytes
 */
public record RuleResource(String name, byte[] content) {

    public static RuleResource ofText(String name, String text) {
        return new RuleResource(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RuleResource r && name.equals(r.name) && java.util.Arrays.equals(content, r.content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "RuleResource[" + name + ", " + content.length + " bytes]";
    }
}
