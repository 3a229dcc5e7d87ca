package io.siyu.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings ({@code siyu.*}): the database, the models and playbooks to run, API tokens as
 * {@code token:role[:staffId]} (roles admin, operator, manager, staff; a staff token names its
 * staff id), the largest accepted request body, and channel gateways as {@code name=URL} (a
 * webhook for that channel, whatever the playbooks declare: how a deployment points wecom or sms
 * at its gateway without editing playbooks).
 */
@ConfigurationProperties("siyu")
public record SiyuProperties(String db, List<String> models, List<String> playbooks, List<String> tokens,
                             Integer maxBodyBytes, List<String> channels) {
    public SiyuProperties {
        channels = channels == null ? List.of() : channels;
        db = db == null ? ".siyu/db" : db;
        models = models == null ? List.of() : models;
        playbooks = playbooks == null ? List.of() : playbooks;
        tokens = tokens == null ? List.of() : tokens;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
    }
}
