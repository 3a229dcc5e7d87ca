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

    /**
     * This outcome as seen when tasks due before {@code expiredBefore} (epoch seconds) count as
     * expired: an open task whose due time is earlier reads as {@code expired}; anything else as stored.
     * Expiry is read, not written, so it needs no timer and every reader agrees on it.
     */
    public OutcomeRow expiredIfDueBefore(long expiredBefore) {
        if (!kind.equals("task") || !state.equals("open") || dueAt == null || dueAt >= expiredBefore) {
            return this;
        }
        return new OutcomeRow(key, kind, playbook, rule, customerId, staffId, channel, body, reason, "expired", createdAt, dueAt,
                detail, attempts, lastError, deliveredAt);
    }
}
