package io.siyu.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.playbook.Playbook;
import io.siyu.store.OutcomeRow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what waits in the outbox: messages and group invitations through their channel (the
 * log, or a webhook — how WeCom and SMS gateways are connected) and webhook actions. Each call
 * carries the outcome's idempotency key (header {@code Idempotency-Key}), because delivery is
 * at least once: a crash between the call and recording it repeats the call. A failed call is
 * retried with growing pauses (5 s, 10 s, 20 s … at most an hour); after {@value #MAX_ATTEMPTS}
 * attempts the outcome is marked failed with the last error, for an operator to see.
 */
final class Deliveries {
    static final int MAX_ATTEMPTS = 8;
    private static final Logger CHANNEL_LOG = LoggerFactory.getLogger("siyu.channel");
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final Workspace workspace;
    private final Map<String, String> gateways;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** {@code gateways}: channel name → webhook URL, overriding what playbooks declare. */
    Deliveries(Workspace workspace, Map<String, String> gateways, Clock clock) {
        this.workspace = workspace;
        this.gateways = Map.copyOf(gateways);
        this.clock = clock;
    }

    /** Parses {@code name=URL} settings (siyu.channels, --channel). */
    static Map<String, String> gateways(List<String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            String url = eq < 0 ? "" : s.substring(eq + 1).strip();
            if (eq <= 0 || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("--channel '" + s + "' must be NAME=URL with an http(s) URL, "
                        + "e.g. --channel wecom=https://gateway.example.com/wecom/send");
            }
            out.put(s.substring(0, eq).strip(), url);
        }
        return out;
    }

    /** How long one pass may keep calling webhooks before it lets the next pass start over. */
    private static final Duration PASS = Duration.ofSeconds(20);

    /**
     * Delivers every queued outcome whose attempt is due; returns how many were tried. A URL that
     * could not be reached is not called again in the same pass (its other outcomes wait for their
     * retry), so one dead gateway does not hold up the others.
     */
    int deliverDue() {
        List<OutcomeRow> due = workspace.store().queuedDeliveries(clock.instant().getEpochSecond(), 500);
        List<String> logged = new java.util.ArrayList<>();
        Map<String, String> unreachable = new java.util.HashMap<>();
        long deadline = System.nanoTime() + PASS.toNanos();
        int tried = 0;
        for (OutcomeRow o : due) {
            if (System.nanoTime() > deadline) {
                break;
            }
            deliver(o, logged, unreachable);
            tried++;
        }
        workspace.store().markDelivered(logged, clock.instant().getEpochSecond());
        return tried;
    }

    /** Delivers one outcome; what the log channel delivered is added to {@code logged}, recorded together. */
    private void deliver(OutcomeRow o, List<String> logged, Map<String, String> unreachable) {
        String url;
        Map<String, String> headers = Map.of();
        if (o.kind().equals("webhook")) {
            url = o.detail();
        } else if (gateways.containsKey(o.channel())) {
            url = gateways.get(o.channel());
        } else {
            Playbook playbook = workspace.playbook(o.playbook());
            Playbook.Channel channel = playbook == null ? null : playbook.channel(o.channel());
            if (channel == null) {
                failed(o, "channel '" + o.channel() + "' is not declared by playbook '" + o.playbook()
                        + "' (declare it under channels:, or start the server with --channel " + o.channel() + "=URL)", true);
                return;
            }
            if (channel.isLog()) {
                CHANNEL_LOG.info("[{}] {} to {}: {}", o.channel(), o.kind(), o.customerId(), o.body());
                logged.add(o.key());
                return;
            }
            url = channel.webhookUrl();
            headers = channel.headers();
        }
        if (unreachable.containsKey(url)) {
            failed(o, unreachable.get(url), false);
            return;
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8").header("Idempotency-Key", idempotencyKey(o))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload(o))));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                workspace.store().markDelivered(o.key(), clock.instant().getEpochSecond());
            } else {
                String body = response.body() == null ? "" : response.body();
                failed(o, url + " answered HTTP " + response.statusCode()
                        + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            unreachable.put(url, "cannot call " + url + ": " + e);
            failed(o, unreachable.get(url), false);
        }
    }

    private void failed(OutcomeRow o, String error, boolean permanent) {
        int attempts = o.attempts() + 1;
        if (permanent || attempts >= MAX_ATTEMPTS) {
            LOG.warn("giving up on {} {} to {} after {} attempt(s): {}", o.kind(), o.key(), o.customerId(), attempts, error);
            workspace.store().markAttemptFailed(o.key(), error, null);
        } else {
            long pause = Math.min(3600, 5L << (attempts - 1));
            workspace.store().markAttemptFailed(o.key(), error, clock.instant().getEpochSecond() + pause);
        }
    }

    /** What a channel or webhook receives: the outcome as the API shows it, for webhook actions with the customer's values. */
    private Map<String, Object> payload(OutcomeRow o) {
        Map<String, Object> m = new LinkedHashMap<>(TasksController.view(o));
        if (o.kind().equals("webhook")) {
            m.put("customer", workspace.customerValues(o.customerId()));
        }
        return m;
    }

    /**
     * The outcome's key in its first form, {@code playbook@version:rule:action:customer:occasion}
     * (V12 put the customer in front, V14 the occasion's time and the occasion): what gateways have
     * been sent for the same outcome since before either, so a retry across an upgrade is still
     * recognised as the same call.
     */
    static String idempotencyKey(io.siyu.store.OutcomeRow o) {
        return io.siyu.playbook.OutcomeKey.originalForm(o.key(), o.customerId());
    }
}
