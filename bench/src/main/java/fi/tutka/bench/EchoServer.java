package fi.tutka.bench;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.runtime.Micronaut;

/**
 * A bare Micronaut POST endpoint that answers its JSON body back: the HTTP ceiling on this machine, measured the same
 * way as the sidecar (see BENCHMARKS.md). {@code java -cp bench/target/benchmarks.jar fi.tutka.bench.EchoServer 18090}
 * listens on 127.0.0.1 only.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : "18090";
        Micronaut.build(new String[0]).mainClass(EchoServer.class).banner(false).deduceEnvironment(false)
                .properties(java.util.Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", port))
                .start();
    }

    /** {@code POST /echo}: the body, as it came. */
    @Controller("/echo")
    static final class Echo {
        @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
        String echo(@Body String body) {
            return body;
        }
    }
}
