package org.planwatch.access;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands the authenticated {@link Caller} (the Spring Security principal) to any handler
 * that declares it.
 */
final class CallerResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        if (request.getUserPrincipal() instanceof CallerAuthentication signedIn && signedIn.caller() != null) {
            return signedIn.caller();
        }
        // A handler outside /api/ asked for a caller: refuse rather than run
        // unauthenticated.
        throw new AccessDeniedException("This endpoint needs a bearer token");
    }

}
