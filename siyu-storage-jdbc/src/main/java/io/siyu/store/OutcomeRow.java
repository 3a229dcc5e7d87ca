package io.siyu.store;

/**
 * One stored playbook outcome (a row of the outbox): a task, a message, or a blocked action.
 * Times are epoch seconds; {@code dueAt} is null except for tasks.
 */
public record OutcomeRow(String key, String kind, String playbook, String rule, String customerId, String staffId,
                         String channel, String body, String reason, String state, long createdAt, Long dueAt) {}
