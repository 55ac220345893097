package org.planwatch.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Spring Security's one source of callers: the token registry. */
final class TokenAuthenticationProvider implements AuthenticationProvider {

    private final TokenRegistry registry;

    TokenAuthenticationProvider(TokenRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((CallerAuthentication) authentication).token();
        Caller caller = registry.authenticate(token).orElse(null);
        if (caller != null) {
            return CallerAuthentication.authenticated(caller, token);
        }
        if (!registry.isCaughtUp()) {
            throw new TokensLoading();
        }
        throw new BadCredentialsException("The token is not valid (unknown, revoked or malformed)");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return CallerAuthentication.class.isAssignableFrom(authentication);
    }

    /** The token may be one the registry has not read yet: "later", not "never". */
    static final class TokensLoading extends AuthenticationServiceException {

        TokensLoading() {
            super("Access tokens are still loading from Kafka; retry");
        }

    }

}
