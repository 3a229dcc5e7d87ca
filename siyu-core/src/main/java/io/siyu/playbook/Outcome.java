package io.siyu.playbook;

import java.time.Instant;

/**
 * What a playbook produced for a customer: a task, a message, or an action the contact policy
 * blocked (recorded with its reason, never silently dropped). {@code key} is the idempotency key:
 * the same fact delivered twice yields the same key, so an outbox stores the outcome once.
 */
public sealed interface Outcome {
    String key();

    String customerId();

    record Task(String key, String playbook, String rule, String customerId, String staffId, String reason,
                Instant createdAt, Instant dueAt) implements Outcome {}

    record Message(String key, String playbook, String rule, String customerId, String channel, String text,
                   Instant sentAt) implements Outcome {}

    record Blocked(String key, String playbook, String rule, String customerId, String channel, String action,
                   String reason, Instant at) implements Outcome {}
}
