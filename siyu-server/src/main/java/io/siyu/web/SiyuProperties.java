package io.siyu.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server settings ({@code siyu.*}): the database, the models and playbooks to run, API tokens as
 * {@code token:role[:staffId]} (roles admin, operator, manager, staff; a staff token names its
 * staff id), and the largest accepted request body.
 */
@ConfigurationProperties("siyu")
public record SiyuProperties(String db, List<String> models, List<String> playbooks, List<String> tokens,
                             Integer maxBodyBytes) {
    public SiyuProperties {
        db = db == null ? ".siyu/db" : db;
        models = models == null ? List.of() : models;
        playbooks = playbooks == null ? List.of() : playbooks;
        tokens = tokens == null ? List.of() : tokens;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
    }
}
