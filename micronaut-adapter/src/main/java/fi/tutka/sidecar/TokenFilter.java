package fi.tutka.sidecar;

import fi.tutka.internal.Sha256;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * When {@code tutka.http.token} is set, every request but {@code /health} must carry
 * {@code Authorization: Bearer <token>}; otherwise it is answered 401. The token is compared in constant time (as
 * SHA-256 digests, so its length does not show either).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class TokenFilter implements Ordered {
    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    TokenFilter(HttpConfig config) {
        String token = config.getToken();
        this.expected = token == null || token.isEmpty() ? null : digest(token);
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (expected == null || isHealth(request.getPath())) {
            return null;
        }
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expected, digest(authorization.substring(BEARER.length()).strip()))) {
            return null;
        }
        return Problems.response(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                authorization == null ? "send the service's token as Authorization: Bearer <token>"
                        : "the token is not the service's (tutka.http.token)"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tutka\"");
    }

    static boolean isHealth(String path) {
        return path.equals("/health") || path.startsWith("/health/");
    }

    private static byte[] digest(String token) {
        return Sha256.digest().digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs before the routes' own filters: a request without the token goes no further. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
