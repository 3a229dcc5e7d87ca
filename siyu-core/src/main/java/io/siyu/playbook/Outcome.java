package io.siyu.playbook;

import java.time.Instant;

/**
 * What a playbook produced for a customer: a task, a message, a group invitation, an offer, a tag
 * change, a webhook call, or an action the contact policy blocked (recorded with its reason, never silently dropped). {@code key} is the idempotency key:
 * the same fact delivered twice yields the same key, so an outbox stores the outcome once.
 */
public sealed interface Outcome {
    String key();

    String customerId();

    record Task(String key, String playbook, String rule, String customerId, String staffId, String reason,
                Instant createdAt, Instant dueAt) implements Outcome {}

    record Message(String key, String playbook, String rule, String customerId, String channel, String text,
                   Instant sentAt) implements Outcome {}

    record Invite(String key, String playbook, String rule, String customerId, String channel, String group, String text,
                  Instant sentAt) implements Outcome {}

    /** An offer for the till: {@code kind} coupon, discount or stored_value (or another word the playbook uses). */
    record Offer(String key, String playbook, String rule, String customerId, String kind, String text, Instant at)
            implements Outcome {}

    record Tagging(String key, String playbook, String rule, String customerId, String tag, boolean added, Instant at)
            implements Outcome {}

    record Webhook(String key, String playbook, String rule, String customerId, String url, String body, Instant at)
            implements Outcome {}

    record Blocked(String key, String playbook, String rule, String customerId, String channel, String action,
                   String reason, Instant at) implements Outcome {}
}
