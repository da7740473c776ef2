package fi.tutka.sidecar;

import fi.tutka.delivery.Recipient;
import io.micronaut.context.annotation.Context;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A recipient certificate that is set ({@code tutka.delivery.recipient}, {@code --recipient}) is read at start, so
 * that a wrong file stops {@code tutka serve} with its reason instead of failing the first delivery. Each delivery
 * reads it again: a renewed certificate is taken without a restart.
 */
@Context
final class RecipientCheck {
    RecipientCheck(DeliveryConfig config, Clock clock) {
        if (config.getRecipient() != null && !config.getRecipient().isBlank()) {
            Recipient.load(Path.of(config.getRecipient()), clock);
        }
    }
}
