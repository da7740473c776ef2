package fi.tutka.sidecar;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/** {@code tutka.delivery.*}: where deliveries go and whom their linkage file is for. */
@ConfigurationProperties("tutka.delivery")
interface DeliveryConfig {

    /**
     * {@code tutka.delivery.recipient}: the X.509 certificate (PEM or DER) of Statistics Finland's delivery key, which
     * the linkage file is encrypted to.
     */
    @Nullable
    String getRecipient();

    /** {@code tutka.delivery.output}: the folder deliveries are written in; default {@code deliveries} beside the records. */
    @Nullable
    String getOutput();
}
