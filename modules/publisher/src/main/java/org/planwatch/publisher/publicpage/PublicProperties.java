package org.planwatch.publisher.publicpage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code planwatch.public.*}: the public progress page, {@code /public/}, for citizens
 * (no token).
 *
 * @param noindex ask search engines not to index it ({@code X-Robots-Tag} and a robots
 * meta tag)
 * @param maxAge how long browsers and proxies may keep a page
 * @param perSecond each client address's sustained request rate
 * @param burst how many requests a client address may make at once
 * @param clients how many client addresses are tracked at most (the least recently seen
 * go first)
 */
@ConfigurationProperties("planwatch.public")
public record PublicProperties(@DefaultValue("true") boolean noindex, @DefaultValue("60s") Duration maxAge,
        @DefaultValue("2") double perSecond, @DefaultValue("30") int burst, @DefaultValue("10000") int clients) {
}
