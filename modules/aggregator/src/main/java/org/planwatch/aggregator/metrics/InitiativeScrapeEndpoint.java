package org.planwatch.aggregator.metrics;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.core.io.AbstractResource;

/**
 * {@code /actuator/prometheus}, with the per-initiative families written by {@link InitiativeText}
 * after everything else the registry holds (JVM, Kafka, HTTP, pipeline), which Spring Boot's
 * endpoint writes as usual. The protobuf format goes wholly through the Prometheus client.
 */
@WebEndpoint(id = "prometheus")
class InitiativeScrapeEndpoint extends PrometheusScrapeEndpoint implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InitiativeScrapeEndpoint.class);
    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = {};

    private final InitiativeView view;
    private final InitiativeText text;
    private final Set<String> ours;
    private final Executor renderer;
    private final AtomicBoolean renderQueued = new AtomicBoolean();

    /**
     * @param renderer the thread that renders ahead after each evaluation pass (one is enough: a
     *        pass that ends while another's renderings are under way queues one more, no more);
     *        shut down with the endpoint when it is an {@link ExecutorService}
     */
    InitiativeScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties, InitiativeView view,
            InitiativeMetrics metrics, Executor renderer) {
        super(registry, exporterProperties);
        this.view = view;
        this.text = new InitiativeText(metrics.families());
        this.ours = Set.copyOf(metrics.getPrometheusNames());
        this.renderer = renderer;
        view.onEvaluated(this::renderAhead);
    }

    /** On the stream thread, at the end of a task's evaluation pass: hands the rendering to the renderer. */
    private void renderAhead() {
        if (!renderQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            renderer.execute(() -> {
                renderQueued.set(false);
                try {
                    text.renderAhead(view.all());
                }
                catch (RuntimeException e) {
                    // Nothing is lost: the next scrape renders what is missing itself.
                    log.warn("Rendering ahead of the next scrape failed", e);
                }
            });
        }
        catch (RejectedExecutionException e) {
            // Shutting down: the next scrape (if any) renders what it needs itself.
            renderQueued.set(false);
        }
    }

    /** The renderer is this endpoint's alone (MetricsWiring): it stops with it. */
    @Override
    public void destroy() {
        if (renderer instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    /** Whether the next scrape will find this snapshot rendered (for the tests). */
    boolean isRendered(InitiativeSnapshot snapshot) {
        return text.isRendered(snapshot);
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
        int restLength = rest.length;
        if (openMetrics && endsWith(rest, EOF)) {
            restLength -= EOF.length; // "# EOF" must stay the last line
        }
        InitiativeText.Body body = text.body(view.all(), includedNames, openMetrics, rest, restLength,
                openMetrics ? EOF : NOTHING);
        return streamed(new Streamed(body), format);
    }

    /**
     * The body goes out as a {@link org.springframework.core.io.Resource}, which Spring MVC streams
     * (as it does the log file endpoint's), instead of one array of the body's size per scrape.
     * The signature is Spring Boot's, so the body is cast: the endpoint layer hands it on as an
     * Object to the message converters and never reads it as an array.
     */
    @SuppressWarnings("unchecked")
    private static WebEndpointResponse<byte[]> streamed(Streamed body, PrometheusOutputFormat format) {
        return (WebEndpointResponse<byte[]>) (WebEndpointResponse<?>) new WebEndpointResponse<>(body, format);
    }

    /** A scrape body, read from the kept renderings as it is written out; its length is known up front. */
    private static final class Streamed extends AbstractResource {
        private final InitiativeText.Body body;

        Streamed(InitiativeText.Body body) {
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
