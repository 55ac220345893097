package org.planwatch.publisher.web;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code planwatch.web.*}: the department page.
 *
 * @param aggregatorUrl where the page reads each initiative's status (the aggregator's API; any
 *     instance, it redirects to the owner)
 * @param statusTimeout how long the page waits for the aggregator before showing a status as unknown
 * @param zone the plan's zone: a report's date means 17:00 on that day there, as in the importer
 */
@ConfigurationProperties("planwatch.web")
public record WebProperties(@DefaultValue("http://127.0.0.1:8081") URI aggregatorUrl,
        @DefaultValue("3s") Duration statusTimeout, @DefaultValue("Asia/Shanghai") ZoneId zone) {
}
