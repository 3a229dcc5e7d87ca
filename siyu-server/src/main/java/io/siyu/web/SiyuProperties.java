package io.siyu.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings ({@code siyu.*}): the database, the models and playbooks to run, API tokens as
 * {@code token:role[:staffId]} (roles admin, operator, manager, staff; a staff token names its
 * staff id), the largest accepted request body, and channel gateways as {@code name=URL} (a
 * webhook for that channel, whatever the playbooks declare: how a deployment points wecom or sms
 * at its gateway without editing playbooks), and the local time of day from which layers that time
 * alone moved are acted on ({@code siyu.timed-actions-at}, 09:00: the engines move at midnight,
 * when every message would fall in quiet hours), and how long after its due time an open task
 * expires ({@code siyu.task-expiry}, 1d).
 */
@ConfigurationProperties("siyu")
public record SiyuProperties(String db, List<String> models, List<String> playbooks, List<String> tokens,
                             Integer maxBodyBytes, List<String> channels, String timedActionsAt, java.time.Duration taskExpiry) {
    public SiyuProperties {
        channels = channels == null ? List.of() : channels;
        db = db == null ? ".siyu/db" : db;
        models = models == null ? List.of() : models;
        playbooks = playbooks == null ? List.of() : playbooks;
        tokens = tokens == null ? List.of() : tokens;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
        timedActionsAt = timedActionsAt == null ? "09:00" : timedActionsAt.strip();
        taskExpiry = taskExpiry == null ? java.time.Duration.ofDays(1) : taskExpiry;
    }

    /** {@link #timedActionsAt} as a time of day, or an error that says how to write it. */
    public java.time.LocalTime timedActionsTime() {
        try {
            return java.time.LocalTime.parse(timedActionsAt);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("siyu.timed-actions-at must be a time of day like 09:00, not '" + timedActionsAt + "'");
        }
    }
}
