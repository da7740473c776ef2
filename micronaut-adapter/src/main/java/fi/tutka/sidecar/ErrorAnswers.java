package fi.tutka.sidecar;

import fi.tutka.api.ErrorCode;
import fi.tutka.api.TutkaException;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.EOFException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the sidecar answers is {@code application/problem+json}: the engine's failures, anything unexpected,
 * and Micronaut's own (no such route, wrong method or content type, body too large). A failure is logged as one line
 * naming the request's method and route and the engine's message, identity-code shapes masked; no stack trace, and
 * the answer carries neither the message nor a class name.
 */
final class ErrorAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {
    }

    /** The engine's failures: 400, 503 or 500 by error code ({@link Problems#of(TutkaException)}). */
    @Singleton
    @Produces
    static final class EngineFailures implements ExceptionHandler<TutkaException, HttpResponse<?>> {
        @Override
        @SuppressWarnings("rawtypes") // the interface's own signature
        public HttpResponse<?> handle(HttpRequest request, TutkaException e) {
            Problem problem = Problems.of(e);
            if (e.code() != ErrorCode.INVALID_DECISION) {
                LOG.error("{} {} failed, answered {}: {}", request.getMethodName(), route(request), problem.status(),
                        Problems.safe(e.getMessage()));
            }
            return Problems.response(problem);
        }
    }

    /** A request that came while the engine is still starting: 503, ask again in a second. */
    @Singleton
    @Produces
    static final class Starting implements ExceptionHandler<Engine.Starting, HttpResponse<?>> {
        @Override
        @SuppressWarnings("rawtypes") // the interface's own signature
        public HttpResponse<?> handle(HttpRequest request, Engine.Starting e) {
            return Problems.response(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "starting", "Starting",
                    "the service is still compiling its rules and opening its stores: retry in a moment "
                            + "(/health/readiness says when it is ready)")).header(HttpHeaders.RETRY_AFTER, "1");
        }
    }

    /** Anything else thrown while answering: 500, logged with an id the answer repeats. */
    @Singleton
    @Produces
    static final class Unexpected implements ExceptionHandler<Exception, HttpResponse<?>> {
        @Override
        @SuppressWarnings("rawtypes") // the interface's own signature
        public HttpResponse<?> handle(HttpRequest request, Exception e) {
            if (e instanceof EOFException) {
                // The client went away in the middle of its body: nobody reads this answer, and a log line per
                // broken connection would let any client flood the log.
                LOG.debug("{} {}: the client closed the connection before its whole body came",
                        request.getMethodName(), route(request));
                return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, "incomplete-body", "Incomplete body",
                        "the connection closed before the whole body came"));
            }
            String id = UUID.randomUUID().toString();
            LOG.error("{} {} failed unexpectedly (error {}): {}", request.getMethodName(), route(request), id,
                    Problems.safe(e.getMessage()));
            return Problems.response(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                    "the service failed unexpectedly; its log says more under error " + id));
        }
    }

    /** Micronaut's own error answers, as problems. */
    @Singleton
    @Primary
    @Replaces(ErrorResponseProcessor.class)
    static final class Processor implements ErrorResponseProcessor<String> {
        private final SidecarMetrics metrics;

        Processor(SidecarMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            HttpStatus status = response.getStatus();
            boolean decisions = context.getRequest().getPath().startsWith("/v1/decisions");
            Problem problem = switch (status) {
                case NOT_FOUND -> Problems.of(status, "not-found", "Not found",
                        "no such resource: the API is under /v1 (see /openapi.yml)");
                case METHOD_NOT_ALLOWED -> Problems.of(status, "method-not-allowed", "Method not allowed",
                        "this resource does not take " + context.getRequest().getMethodName()
                                + " (see /openapi.yml)");
                case UNSUPPORTED_MEDIA_TYPE -> {
                    if (decisions) {
                        metrics.rejected("unsupported_media_type");
                    }
                    yield Problems.of(status, "unsupported-media-type", "Unsupported media type",
                            "send the body as application/json (UTF-8)");
                }
                case NOT_ACCEPTABLE -> Problems.of(status, "not-acceptable", "Not acceptable",
                        "this resource cannot answer in the type the Accept header asks for: the API answers "
                                + "application/json, /prometheus text/plain, / text/html, errors "
                                + "application/problem+json");
                case REQUEST_ENTITY_TOO_LARGE -> tooLong(context, decisions, metrics);
                case BAD_REQUEST -> Problems.of(status, "bad-request", "Bad request",
                        "the request could not be read as HTTP the service understands");
                default -> Problems.of(status, "http-" + status.getCode(), status.getReason(),
                        "the request could not be answered (" + status.getCode() + ")");
            };
            MutableHttpResponse<String> answer = Problems.response(problem);
            // Allow (405) and the like stay; the body's own headers are the problem's.
            response.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    values.forEach(value -> answer.getHeaders().add(name, value));
                }
            });
            return answer;
        }
    }

    /**
     * Netty refuses a request line or headers that are too long as it refuses a body too large, and Micronaut answers
     * all three 413: the line is 414, the headers 431.
     */
    private static Problem tooLong(ErrorContext context, boolean decisions, SidecarMetrics metrics) {
        Throwable cause = context.getRequest() instanceof NettyHttpRequest<?> netty
                ? netty.getNativeRequest().decoderResult().cause() : null;
        if (cause instanceof TooLongHttpLineException) {
            return Problems.of(HttpStatus.REQUEST_URI_TOO_LONG, "uri-too-long", "URI too long",
                    "the request's address is longer than the service takes");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "Request header fields too large", "the request's headers are larger than the service takes");
        }
        if (decisions) {
            metrics.rejected("too_large");
        }
        return Problems.of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Too large",
                "the body is larger than the service takes (micronaut.server.max-request-size)");
    }

    /** The route's pattern when matched ({@code /v1/allocations/{subject}}), so that no path value is logged. */
    static String route(HttpRequest<?> request) {
        return BasicHttpAttributes.getUriTemplate(request).orElseGet(() -> Problems.safe(request.getPath()));
    }
}
