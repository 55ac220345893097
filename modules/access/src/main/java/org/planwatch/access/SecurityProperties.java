package org.planwatch.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code planwatch.security.*}. There is deliberately no switch that turns checks off.
 *
 * @param adminToken the first admin token (from {@code PROGRESS_ADMIN_TOKEN}); at least
 * 32 characters; empty for none (then only admin tokens already on the topic can manage)
 * @param rateLimit requests per token
 */
@ConfigurationProperties("planwatch.security")
public record SecurityProperties(@DefaultValue("") String adminToken, @DefaultValue RateLimit rateLimit) {

    public static final int MIN_ADMIN_TOKEN_LENGTH = 32;

    public SecurityProperties {
        if (adminToken != null && !adminToken.isEmpty() && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("PROGRESS_ADMIN_TOKEN (planwatch.security.admin-token) must be at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " characters");
        }
    }

    /**
     * A token bucket per token: {@code perSecond} requests a second on average, up to
     * {@code burst} at once. Per service instance: behind a load balancer over N
     * instances a token gets up to N times this. A batch of up to 1000 events is one
     * request.
     */
    public record RateLimit(@DefaultValue("20") double perSecond, @DefaultValue("100") int burst) {
        public RateLimit {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("planwatch.security.rate-limit needs per-second > 0 and burst >= 1");
            }
        }
    }
}
