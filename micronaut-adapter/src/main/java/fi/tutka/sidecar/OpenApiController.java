package fi.tutka.sidecar;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /openapi.yml}: the OpenAPI document generated from these controllers when the sidecar was compiled. */
@Controller
@Hidden
final class OpenApiController {
    /** Where micronaut-openapi writes the document ({@code micronaut.openapi.filename} in the build). */
    static final String RESOURCE = "META-INF/swagger/tutka.yml";
    static final MediaType YAML = MediaType.of("application/yaml");

    private final String document;

    OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar: the build did not run "
                        + "micronaut-openapi");
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    HttpResponse<String> document() {
        return HttpResponse.ok(document).contentType(YAML);
    }
}
