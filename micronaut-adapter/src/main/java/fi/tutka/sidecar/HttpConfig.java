package fi.tutka.sidecar;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/** {@code tutka.http.*}: who may call the sidecar, and how much at once. */
@ConfigurationProperties("tutka.http")
interface HttpConfig {

    /**
     * {@code tutka.http.token} ({@code TUTKA_HTTP_TOKEN}): when set, every request but {@code /health} must carry
     * {@code Authorization: Bearer <token>}.
     */
    @Nullable
    String getToken();

    /** {@code tutka.http.batch-max}: at most this many decisions in one batch. */
    @Bindable(defaultValue = "1000")
    int getBatchMax();
}
