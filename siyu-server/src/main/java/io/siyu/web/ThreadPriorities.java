package io.siyu.web;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.web.embedded.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When the machine is busy, the two ingest stages ({@code siyu-store}, {@code siyu-apply}) get the
 * CPU first: request threads run at {@link Thread#MIN_PRIORITY}, as do the bulk rounds of SQLite's
 * background checkpoints. A busy server then answers a little later instead of falling behind on
 * the facts it has acknowledged — the time from acknowledgement to task is what the playbooks promise.
 *
 * <p>Scheduled work (day change, population refresh, schedules, deliveries) keeps the normal
 * priority: nearly all of its CPU is spent holding what ingest waits for — the workspace lock
 * (a refresh, a day change, a schedule) or the store (a delivery pass marking what it sent) — and at
 * the lowest priority it would get a fraction of a core while the ingest stages wait for it (no
 * difference measurable by itself in the 1M benchmark, docs/benchmarks.md, sixth session).
 *
 * <p>Java priorities only reach Linux with {@code -XX:ThreadPriorityPolicy=1}: {@code ./siyu serve}
 * passes it when run as root, and other users add it to {@code SIYU_JAVA_OPTS} (docs/operations.md).
 * Lowering a thread needs no privilege, so the JVM's start-up warning about root is about raising,
 * which Siyu never does. Without the option these settings change nothing.
 */
@Configuration(proxyBeanMethods = false)
class ThreadPriorities {
    static final int BACKGROUND = Thread.MIN_PRIORITY;

    @Bean
    TomcatConnectorCustomizer requestThreadsBehindIngest() {
        return connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setThreadPriority(BACKGROUND);
            }
        };
    }
}
