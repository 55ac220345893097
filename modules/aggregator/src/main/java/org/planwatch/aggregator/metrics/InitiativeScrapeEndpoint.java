package org.planwatch.aggregator.metrics;

import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.Properties;
import java.util.Set;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;
import org.planwatch.aggregator.view.InitiativeView;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * {@code /actuator/prometheus}, with the per-initiative families written by {@link InitiativeText}
 * after everything else the registry holds (JVM, Kafka, HTTP, pipeline), which Spring Boot's
 * endpoint writes as usual. The protobuf format goes wholly through the Prometheus client.
 */
@WebEndpoint(id = "prometheus")
class InitiativeScrapeEndpoint extends PrometheusScrapeEndpoint {

    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

    private final InitiativeView view;
    private final InitiativeText text;
    private final Set<String> ours;
    private volatile int nextSize = 1 << 16;

    InitiativeScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties, InitiativeView view,
            InitiativeMetrics metrics) {
        super(registry, exporterProperties);
        this.view = view;
        this.text = new InitiativeText(metrics.families());
        this.ours = Set.copyOf(metrics.getPrometheusNames());
    }

    @Override
    @ReadOperation(producesFrom = PrometheusOutputFormat.class)
    public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
        if (format == PrometheusOutputFormat.CONTENT_TYPE_PROTOBUF) {
            return super.scrape(format, includedNames);
        }
        // Spring Boot's endpoint only asks the set whether it contains a name; this one says no to
        // the per-initiative names, so the registry skips their collector (it declares its names).
        byte[] rest = super.scrape(format, new Excluding(includedNames, ours)).getBody();
        boolean openMetrics = format == PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100;
        byte[] initiatives = text.write(view.all(), includedNames, openMetrics, nextSize);
        nextSize = initiatives.length + 4096;
        int restLength = rest.length;
        if (openMetrics && endsWith(rest, EOF)) {
            restLength -= EOF.length; // "# EOF" must stay the last line
        }
        byte[] body = new byte[restLength + initiatives.length + (openMetrics ? EOF.length : 0)];
        System.arraycopy(rest, 0, body, 0, restLength);
        System.arraycopy(initiatives, 0, body, restLength, initiatives.length);
        if (openMetrics) {
            System.arraycopy(EOF, 0, body, restLength + initiatives.length, EOF.length);
        }
        return new WebEndpointResponse<>(body, format);
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        if (bytes.length < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (bytes[bytes.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The names asked for (all when null) without {@code excluded}; only {@link #contains} is meaningful. */
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
