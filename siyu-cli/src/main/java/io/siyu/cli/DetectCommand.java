package io.siyu.cli;

import io.siyu.facts.CsvText;
import io.siyu.ingest.CsvReader;
import io.siyu.scenario.Detection;
import io.siyu.scenario.ScenarioDetector;
import io.siyu.scenario.ScenarioRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Find chat scenarios (repurchase 复购, referral 转介绍 …) in a messages.csv (DESIGN §4).",
                "Writes CSV 'message_id,scenario' to stdout, one row per detection. Only messages from",
                "customers count (direction 'in' or empty). Rows without message_id are named line:N."})
final class DetectCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--messages", required = true, paramLabel = "FILE", description = "messages.csv with at least a text column.")
    Path messages;

    @Option(names = "--rules", paramLabel = "FILE", description = "Scenario rules YAML (default: the shipped rules; format in docs/scenarios.md).")
    Path rules;

    @Override
    public Integer call() throws IOException {
        ScenarioRules ruleSet;
        try {
            ruleSet = rules == null ? ScenarioRules.shipped() : ScenarioRules.load(rules);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (!Files.isRegularFile(messages)) {
            throw new UserError("cannot read messages '" + messages + "': no such file. Give a messages.csv with a 'text' column");
        }
        ScenarioDetector detector = new ScenarioDetector(ruleSet);
        PrintWriter out = spec.commandLine().getOut();
        long read = 0;
        long found = 0;
        try (InputStream in = Files.newInputStream(messages); CsvReader csv = new CsvReader(in)) {
            if (!csv.next()) {
                throw new UserError(messages + " is empty: it needs a header row with a 'text' column");
            }
            List<String> header = Arrays.asList(csv.fields().clone());
            int text = header.indexOf("text");
            int id = header.indexOf("message_id");
            int direction = header.indexOf("direction");
            if (text < 0) {
                throw new UserError(messages + ":1: no 'text' column; the header is " + header
                        + ". messages.csv needs a text column (DESIGN §4)");
            }
            out.println("message_id,scenario");
            while (csv.next()) {
                read++;
                String dir = direction >= 0 && direction < csv.size() ? csv.get(direction) : "";
                if (text >= csv.size() || !(dir.isEmpty() || dir.equals("in"))) {
                    continue;
                }
                String messageId = id >= 0 && id < csv.size() && !csv.get(id).isEmpty() ? csv.get(id) : "line:" + csv.line();
                for (Detection d : detector.detect(csv.get(text))) {
                    out.println(CsvText.quote(messageId) + "," + d.scenario());
                    found++;
                }
            }
        }
        out.flush();
        spec.commandLine().getErr().println(found + " detections in " + read + " messages");
        spec.commandLine().getErr().flush();
        return 0;
    }
}
