package io.siyu.store;

/**
 * One stored playbook outcome (a row of the outbox): a task, message, invitation, offer, tag change,
 * webhook call, or a blocked action. Times are epoch seconds; {@code dueAt} is null except for
 * tasks. {@code detail} is the group, offer kind, tag or URL; the delivery fields say how the
 * channel fared (attempts, the last error, when it was delivered).
 */
public record OutcomeRow(String key, String kind, String playbook, String rule, String customerId, String staffId,
                         String channel, String body, String reason, String state, long createdAt, Long dueAt,
                         String detail, int attempts, String lastError, Long deliveredAt) {

    /** A new outcome, before any delivery attempt. */
    public OutcomeRow(String key, String kind, String playbook, String rule, String customerId, String staffId,
                      String channel, String body, String reason, String state, long createdAt, Long dueAt, String detail) {
        this(key, kind, playbook, rule, customerId, staffId, channel, body, reason, state, createdAt, dueAt, detail, 0, null, null);
    }

    /** A new outcome without a detail. */
    public OutcomeRow(String key, String kind, String playbook, String rule, String customerId, String staffId,
                      String channel, String body, String reason, String state, long createdAt, Long dueAt) {
        this(key, kind, playbook, rule, customerId, staffId, channel, body, reason, state, createdAt, dueAt, null);
    }
}
