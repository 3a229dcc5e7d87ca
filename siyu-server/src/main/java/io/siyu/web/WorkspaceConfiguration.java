package io.siyu.web;

import io.siyu.store.Store;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.filter.OncePerRequestFilter;

/** Wires the plain-Java workspace into Spring: built once at start, rebuilt when the day changes. */
@Configuration(proxyBeanMethods = false)
class WorkspaceConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Workspace workspace(SiyuProperties properties, Clock clock) {
        if (properties.models().isEmpty()) {
            throw new IllegalArgumentException("no model to run: start with --model FILE (e.g. --model examples/rfm-8.yaml)");
        }
        List<Path> models = properties.models().stream().map(Path::of).toList();
        List<Path> playbooks = properties.playbooks().stream().map(Path::of).toList();
        java.time.LocalTime timedActionsAt = properties.timedActionsTime(); // a bad value fails before the store opens
        Workspace workspace = new Workspace(Store.open(properties.db()), models, playbooks, clock, timedActionsAt);
        workspace.layerings().forEach((name, l) -> LOG.info("model {}: {} customers, as of {}", name,
                l.engine().profiles().size(), workspace.asOf()));
        return workspace;
    }

    @Bean
    TaskExpiry taskExpiry(Clock clock, SiyuProperties properties) {
        return new TaskExpiry(clock, properties.taskExpiry());
    }

    @Bean
    DayChange dayChange(Workspace workspace) {
        return new DayChange(workspace);
    }

    @Bean
    Deliveries deliveries(Workspace workspace, SiyuProperties properties, Clock clock) {
        return new Deliveries(workspace, Deliveries.gateways(properties.channels()), clock);
    }

    @Bean
    DeliveryLoop deliveryLoop(Deliveries deliveries) {
        return new DeliveryLoop(deliveries);
    }

    /** Sends what the outbox holds, every siyu.delivery-millis (half a second by default). */
    static final class DeliveryLoop {
        private final Deliveries deliveries;

        DeliveryLoop(Deliveries deliveries) {
            this.deliveries = deliveries;
        }

        @Scheduled(fixedDelayString = "${siyu.delivery-millis:500}")
        void deliver() {
            deliveries.deliverDue();
        }
    }

    /** Re-evaluates everything once the local day has moved on (days since, windows, timed grades). */
    static final class DayChange {
        private final Workspace workspace;

        DayChange(Workspace workspace) {
            this.workspace = workspace;
        }

        @Scheduled(fixedDelay = 60_000)
        void check() {
            long started = System.nanoTime();
            if (workspace.advanceIfDayChanged()) {
                LOG.info("new day: every model moved to {} in place ({} ms)", workspace.asOf(), (System.nanoTime() - started) / 1_000_000);
            }
            int scheduled = workspace.runSchedules();
            if (scheduled > 0) {
                LOG.info("scheduled playbook rules produced {} outcomes", scheduled);
            }
        }

        /** Population values (means, n-tiles, ranks) are at most this stale: siyu.refresh-millis, 5 minutes by default. */
        @Scheduled(fixedDelayString = "${siyu.refresh-millis:300000}", initialDelayString = "${siyu.refresh-millis:300000}")
        void refresh() {
            long started = System.nanoTime();
            int moved = workspace.refreshPopulation();
            if (moved > 0) {
                LOG.info("population refresh: {} customers moved between layers ({} ms)", moved, (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /** Refuses bodies over siyu.max-body-bytes before they are read. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodyLimit(SiyuProperties properties) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                if (req.getContentLengthLong() > properties.maxBodyBytes()) {
                    ApiErrors.write(res, HttpStatus.PAYLOAD_TOO_LARGE, "request body too large",
                            req.getContentLengthLong() + " bytes; at most " + properties.maxBodyBytes()
                                    + " per request — split the facts into several requests");
                    return;
                }
                chain.doFilter(req, res);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
        bean.setOrder(Integer.MIN_VALUE);
        return bean;
    }
}
