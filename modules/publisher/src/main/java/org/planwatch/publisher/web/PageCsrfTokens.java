package org.planwatch.publisher.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Spring Security's masked CSRF tokens in the forms, read from the form field, except for
 * a multipart upload, whose form carries its token in the action's query: reading the
 * field would parse the whole upload before the body-size limit has looked at it.
 */
final class PageCsrfTokens implements CsrfTokenRequestHandler {

    private final XorCsrfTokenRequestAttributeHandler forms = new XorCsrfTokenRequestAttributeHandler();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
        forms.handle(request, response, token);
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        return forms.resolveCsrfTokenValue(multipart ? new QueryOnly(request) : request, token);
    }

    private static final class QueryOnly extends HttpServletRequestWrapper {

        QueryOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            String query = getQueryString();
            List<String> values = query == null ? null
                    : UriComponentsBuilder.newInstance().query(query).build().getQueryParams().get(name);
            return values == null || values.isEmpty() || values.get(0) == null ? null
                    : UriUtils.decode(values.get(0), StandardCharsets.UTF_8);
        }

    }

}
