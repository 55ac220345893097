package org.planwatch.aggregator.metrics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Properties;
import java.util.Set;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.core.io.AbstractResource;

/**
 * {@code /actuator/prometheus}, with the per-initiative families written by
 * {@link InitiativeScrape} after everything else the registry holds (JVM, Kafka, HTTP,
 * pipeline), which Spring Boot's endpoint writes as usual. The protobuf format goes
 * wholly through the Prometheus client.
 */
@WebEndpoint(id = "prometheus")
class InitiativeScrapeEndpoint extends PrometheusScrapeEndpoint implements DisposableBean {

    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] NOTHING = {};

    private final InitiativeScrape scrape;

    private final Set<String> ours;

    /**
     * @param metrics the per-initiative collector, whose names the registry's part of a
     * scrape leaves out
     */
    InitiativeScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties, InitiativeScrape scrape,
            InitiativeMetrics metrics) {
        super(registry, exporterProperties);
        this.scrape = scrape;
        this.ours = Set.copyOf(metrics.getPrometheusNames());
    }

    /**
     * The scrape's renderer thread is the endpoint's alone (MetricsWiring): it stops with
     * it.
     */
    @Override
    public void destroy() {
        scrape.close();
    }

    @Override
    @ReadOperation(producesFrom = PrometheusOutputFormat.class)
    public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
        if (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF) {
            return super.scrape(format, includedNames);
        }
        // Spring Boot's endpoint only asks the set whether it contains a name; this one
        // says no to the per-initiative names, so the registry skips their collector (it
        // declares its names).
        byte[] rest = super.scrape(format, new Excluding(includedNames, ours)).getBody();
        boolean openMetrics = format == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100;
        int restLength = rest.length;
        if (openMetrics && endsWith(rest, EOF)) {
            restLength -= EOF.length; // "# EOF" must stay the last line
        }
        ScrapeBody body = scrape.body(includedNames, openMetrics, rest, restLength, openMetrics ? EOF : NOTHING);
        return streamed(new Streamed(body), format);
    }

    /**
     * The body goes out as a {@link org.springframework.core.io.Resource}, which Spring
     * MVC streams (as it does the log file endpoint's), instead of one array of the
     * body's size per scrape. The signature is Spring Boot's, so the body is cast: the
     * endpoint layer hands it on as an Object to the message converters and never reads
     * it as an array.
     */
    @SuppressWarnings("unchecked")
    private static WebEndpointResponse<byte[]> streamed(Streamed body, PrometheusOutputFormat format) {
        return (WebEndpointResponse<byte[]>) (WebEndpointResponse<?>) new WebEndpointResponse<>(body, format);
    }

    /**
     * A scrape body, read from the kept renderings as it is written out; its length is
     * known up front.
     */
    private static final class Streamed extends AbstractResource {

        private final ScrapeBody body;

        Streamed(ScrapeBody body) {
            this.body = body;
        }

        @Override
        public InputStream getInputStream() {
            return body.open();
        }

        @Override
        public long contentLength() {
            return body.size();
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public String getDescription() {
            return "scrape of " + body.size() + " bytes";
        }

    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        return bytes.length >= suffix.length
                && Arrays.equals(bytes, bytes.length - suffix.length, bytes.length, suffix, 0, suffix.length);
    }

    /**
     * The names asked for (all when null) without {@code excluded}; only
     * {@link #contains} is meaningful.
     */
    private static final class Excluding extends AbstractSet<String> {

        private final @Nullable Set<String> included;

        private final Set<String> excluded;

        Excluding(@Nullable Set<String> included, Set<String> excluded) {
            this.included = included;
            this.excluded = excluded;
        }

        @Override
        public boolean contains(Object name) {
            return (included == null || included.contains(name)) && !excluded.contains(name);
        }

        @Override
        public Iterator<String> iterator() {
            throw new UnsupportedOperationException("only contains() is defined");
        }

        @Override
        public int size() {
            throw new UnsupportedOperationException("only contains() is defined");
        }

    }

}
