package org.planwatch.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What every service's OpenAPI description says about access, so the controllers need not
 * repeat it: the bearer scheme on every operation, and the 401, 403 and 429 answers
 * (problem details) that the filter and the per-initiative checks give.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI planwatchOpenApi(Environment environment) {
        String service = environment.getProperty("spring.application.name", "planwatch");
        return new OpenAPI()
            .info(new Info().title("planwatch " + service)
                .version("v1")
                .description("Every call needs Authorization: Bearer <token>. Roles: department (its own and supported"
                        + " initiatives), supervisor (reads everything), admin (catalog and tokens)."
                        + " Errors are application/problem+json (RFC 9457)."))
            .components(new Components().addSecuritySchemes(BEARER,
                    new SecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("pw_<id>_<secret>")))
            .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * A handler's {@link Caller} comes from the token, not from a request parameter:
     * leave it out.
     */
    @Bean
    OperationCustomizer callerIsNotAParameter() {
        return (operation, handler) -> {
            if (operation.getParameters() != null) {
                for (var parameter : handler.getMethodParameters()) {
                    if (parameter.getParameterType() == Caller.class) {
                        String name = parameter.getParameterName();
                        operation.getParameters().removeIf(p -> p.getName().equals(name));
                    }
                }
                if (operation.getParameters().isEmpty()) {
                    operation.setParameters(null);
                }
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer accessResponses() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            item.readOperations().forEach(operation -> {
                var responses = operation.getResponses();
                responses.putIfAbsent("401", problem("No token, or one that is unknown, revoked or malformed"));
                responses.putIfAbsent("403", problem("The token's role, or its department, may not do this"
                        + " (a department also gets 403 for an initiative id that is not in the catalog)"));
                responses.putIfAbsent("429", problem("The token's rate limit is reached; see Retry-After"));
            });
        });
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
            .content(
                    new Content().addMediaType("application/problem+json", new MediaType().schema(new ObjectSchema())));
    }

}
