package fi.tutka.sidecar;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Request bodies as text: UTF-8, strictly. A byte sequence that is not UTF-8 is the body's error; it is never
 * replaced by U+FFFD, which would put a changed value into the records unnoticed.
 */
final class Bodies {
    /** The answer's message for such a body, at the pointer {@code ""}. */
    static final String NOT_UTF8 = "not valid UTF-8";

    private Bodies() {
    }

    /** The body's text; empty when it is not valid UTF-8. A missing body is the empty text. */
    static Optional<String> utf8(byte[] body) {
        if (body == null) {
            return Optional.of("");
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
