package io.siyu.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * {@code siyu serve}: the REST API over the live engine and playbooks. Friendly options are
 * turned into Spring properties: {@code --db DIR|URL}, {@code --model FILE} and
 * {@code --playbook FILE} (repeatable), {@code --token TOKEN:ROLE[:STAFF_ID]} (repeatable),
 * {@code --channel NAME=URL} (repeatable: deliver that channel to a webhook), {@code --port N},
 * and {@code --demo} for the demo set-up.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(SiyuProperties.class)
public class SiyuServer {
    public static void main(String[] args) {
        String wrongOption = wrongTuningOption();
        if (wrongOption != null) {
            System.err.println("siyu serve: " + wrongOption);
            System.exit(2);
        }
        SpringApplication.run(SiyuServer.class, springArgs(args));
    }

    /** What is wrong with a {@code -Dsiyu.…} tuning option, or null: said in one line, before Spring starts. */
    static String wrongTuningOption() {
        return io.siyu.tuning.Tuning.problemReading(() -> {
            io.siyu.store.Store.checkTuning();
            IngestQueue.checkTuning();
        });
    }

    static String[] springArgs(String[] args) {
        List<String> out = new ArrayList<>();
        List<String> models = new ArrayList<>();
        List<String> playbooks = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String next = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--db" -> { out.add("--siyu.db=" + next); i++; }
                case "--model" -> { models.add(next); i++; }
                case "--playbook" -> { playbooks.add(next); i++; }
                case "--token" -> { tokens.add(next); i++; }
                case "--channel" -> { channels.add(next); i++; }
                case "--port" -> { out.add("--server.port=" + next); i++; }
                case "--demo" -> out.add("--spring.profiles.active=demo");
                default -> out.add(a);
            }
        }
        if (!models.isEmpty()) {
            out.add("--siyu.models=" + String.join(",", models));
        }
        if (!playbooks.isEmpty()) {
            out.add("--siyu.playbooks=" + String.join(",", playbooks));
        }
        if (!channels.isEmpty()) {
            out.add("--siyu.channels=" + String.join(",", channels));
        }
        if (!tokens.isEmpty()) {
            out.add("--siyu.tokens=" + String.join(",", tokens));
        }
        return out.toArray(String[]::new);
    }
}
