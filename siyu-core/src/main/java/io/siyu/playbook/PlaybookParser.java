package io.siyu.playbook;

import io.siyu.engine.CheckedExpression;
import io.siyu.engine.CompiledModel;
import io.siyu.expr.ExprException;
import io.siyu.expr.ExprIssue;
import io.siyu.expr.Suggestions;
import io.siyu.model.Definition;
import io.siyu.model.ExprText;
import io.siyu.model.ModelException;
import io.siyu.model.ModelIssue;
import io.siyu.model.YamlNode;
import io.siyu.model.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a playbook file against the model it acts on: triggers must name the model's tiers, tier
 * values, tags and segments; conditions are checked like model expressions; template placeholders
 * must be values the model knows. Every problem is reported with file:line:column and a hint.
 *
 * <pre>
 * playbook: c5-repurchase
 * model: repurchase-reminder
 * version: 1
 * contact_policy: { max_per_channel: { "*": 2 }, window: 7d, quiet_hours: "21:00-09:00", dedup: 3d }
 * rules:
 *   repurchase_reply:
 *     on: { scenario: repurchase }        # or event, enter, leave, days_before, days_after, schedule
 *     if: paid_orders >= 1
 *     do:
 *       - message: { channel: log, text: "{name}您好，快用完了吧？" }
 *       - task: { reason: "问问 {name} 要不要补货", due: 2h }
 * </pre>
 */
public final class PlaybookParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([mhdw])");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(\\|[^{}]*)?}");

    private final String source;
    private final YamlReader yaml;
    private final CompiledModel model;
    private final List<ModelIssue> issues = new ArrayList<>();
    private Map<String, Playbook.Channel> channels = Map.of();

    private PlaybookParser(String source, String text, CompiledModel model) {
        this.source = source;
        this.yaml = new YamlReader(source, text);
        this.model = model;
    }

    public static Playbook parse(Path file, CompiledModel model) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), model);
        } catch (IOException e) {
            throw new ModelException(List.of(new ModelIssue(file.toString(), 1, 1, "cannot read playbook: " + e.getMessage(),
                    "check the path", null)));
        }
    }

    public static Playbook parse(String source, String text, CompiledModel model) {
        PlaybookParser p = new PlaybookParser(source, text, model);
        Playbook playbook = p.playbook(p.yaml.read(text));
        if (!p.issues.isEmpty()) {
            throw new ModelException(p.issues);
        }
        return playbook;
    }

    private Playbook playbook(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new ModelException(List.of(issue(root.position(), "a playbook must be a mapping", "start with 'playbook: <name>'")));
        }
        keys(top, Set.of("playbook", "model", "version", "description", "contact_policy", "channels", "rules"), "playbook sections");
        String name = text(top, "playbook", true);
        String modelName = text(top, "model", false);
        if (modelName != null && !modelName.equals(model.model().name())) {
            issues.add(issue(top.get("model").position(), "this playbook is written for model '" + modelName
                    + "', but it is being loaded with model '" + model.model().name() + "'",
                    "load it together with the model it names"));
        }
        int version = (int) number(top, "version", 1);
        ContactPolicy policy = policy(top.get("contact_policy"));
        channels = channels(top.get("channels"));
        List<Playbook.Rule> rules = new ArrayList<>();
        if (top.get("rules") instanceof YamlNode.Mapping rm) {
            rm.entries().values().forEach(e -> {
                Playbook.Rule r = rule(e);
                if (r != null) {
                    rules.add(r);
                }
            });
        } else {
            issues.add(issue(top.position(), "a playbook needs 'rules:', a mapping of named rules",
                    "rules:\n  notify_sales:\n    on: { event: test_drive_form }\n    do:\n      - task: { reason: 试驾表单, due: 1h }"));
        }
        return new Playbook(name, version, text(top, "description", false), policy, channels, rules, source);
    }

    /**
     * {@code channels: { wecom: { webhook: https://gateway/wecom, headers: { X-Token: … } }, test: { log: true } }}:
     * where each named channel delivers. {@code log} needs no declaration.
     */
    private Map<String, Playbook.Channel> channels(YamlNode node) {
        Map<String, Playbook.Channel> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            issues.add(issue(node.position(), "'channels' must be a mapping of channel names",
                    "channels:\n  wecom: { webhook: \"http://localhost:9000/wecom\" }"));
            return out;
        }
        for (YamlNode.Entry e : m.entries().values()) {
            if (!(e.value() instanceof YamlNode.Mapping c)) {
                issues.add(issue(e.keyPosition(), "channel '" + e.key() + "' needs { webhook: URL } or { log: true }", null));
                continue;
            }
            keys(c, Set.of("webhook", "headers", "log"), "channel keys");
            String url = text(c, "webhook", false);
            boolean log = "true".equals(text(c, "log", false));
            if ((url == null) == !log) {
                issues.add(issue(e.keyPosition(), "channel '" + e.key() + "' needs exactly one of 'webhook: URL' or 'log: true'",
                        "a WeCom or SMS gateway is a webhook: { webhook: \"https://gateway.example.com/send\" }"));
                continue;
            }
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                issues.add(issue(c.get("webhook").position(), "channel '" + e.key() + "': '" + url + "' is not an http(s) URL",
                        "e.g. webhook: \"https://gateway.example.com/wecom/send\""));
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (c.get("headers") instanceof YamlNode.Mapping h) {
                h.entries().values().forEach(he -> headers.put(he.key(), he.value() instanceof YamlNode.Scalar s ? s.text() : ""));
            }
            out.put(e.key(), new Playbook.Channel(e.key(), url, headers));
        }
        return out;
    }

    /** A message or invitation channel must be log or declared under channels:. */
    private String channelName(YamlNode.Mapping a) {
        String name = text(a, "channel", true);
        if (name != null && !name.equals(Playbook.LOG) && !channels.containsKey(name)) {
            List<String> known = new ArrayList<>(channels.keySet());
            known.add(Playbook.LOG);
            issues.add(issue(a.get("channel").position(), "unknown channel '" + name + "'",
                    Suggestions.hint(name, known, "channels") + "; declare it under channels: (e.g. " + name
                            + ": { webhook: \"https://gateway.example.com/" + name + "\" }) or use log"));
        }
        return name;
    }

    private ContactPolicy policy(YamlNode node) {
        if (node == null) {
            return ContactPolicy.DEFAULT;
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            issues.add(issue(node.position(), "'contact_policy' must be a mapping", null));
            return ContactPolicy.DEFAULT;
        }
        keys(m, Set.of("max_per_channel", "window", "quiet_hours", "dedup"), "contact policy keys");
        Map<String, Integer> caps = new LinkedHashMap<>(ContactPolicy.DEFAULT.maxPerWindow());
        if (m.get("max_per_channel") instanceof YamlNode.Mapping cm) {
            cm.entries().values().forEach(e -> caps.put(e.key(), (int) number(cm, e.key(), 0)));
        }
        LocalTime from = ContactPolicy.DEFAULT.quietFrom();
        LocalTime to = ContactPolicy.DEFAULT.quietTo();
        String quiet = text(m, "quiet_hours", false);
        if (quiet != null) {
            String[] parts = quiet.split("-");
            try {
                from = LocalTime.parse(parts[0].strip());
                to = LocalTime.parse(parts[1].strip());
            } catch (RuntimeException e) {
                issues.add(issue(m.get("quiet_hours").position(), "quiet_hours must look like \"21:00-09:00\", not '" + quiet + "'", null));
            }
        }
        return new ContactPolicy(caps, duration(m, "window", ContactPolicy.DEFAULT.window()), from, to,
                duration(m, "dedup", ContactPolicy.DEFAULT.dedupWindow()));
    }

    private Playbook.Rule rule(YamlNode.Entry e) {
        if (!(e.value() instanceof YamlNode.Mapping m)) {
            issues.add(issue(e.keyPosition(), "rule '" + e.key() + "' must be a mapping with on, if and do", null));
            return null;
        }
        keys(m, Set.of("on", "if", "do"), "rule keys");
        Playbook.Trigger trigger = trigger(m.get("on"), e);
        CheckedExpression condition = null;
        if (m.get("if") instanceof YamlNode.Scalar s && s.text() != null) {
            try {
                condition = model.condition(new ExprText(s.text(), source, s.textStart().line(), s.textStart().column(),
                        s.continuationIndent()), "'if' of rule '" + e.key() + "'");
            } catch (ExprException ex) {
                for (ExprIssue i : ex.issues()) {
                    issues.add(yaml.issue(i.line(), i.column(), i.message(), i.hint()));
                }
            }
        }
        List<Playbook.Action> actions = new ArrayList<>();
        if (m.get("do") instanceof YamlNode.Sequence seq && !seq.items().isEmpty()) {
            seq.items().forEach(item -> {
                Playbook.Action a = action(item);
                if (a != null) {
                    actions.add(a);
                }
            });
        } else {
            issues.add(issue(m.position(), "rule '" + e.key() + "' needs 'do:', a list of actions",
                    "do:\n  - task: { reason: 跟进, due: 1h }\n  - message: { channel: log, text: \"{name}您好\" }"));
        }
        return trigger == null ? null : new Playbook.Rule(e.key(), trigger, condition, actions);
    }

    private Playbook.Trigger trigger(YamlNode node, YamlNode.Entry rule) {
        if (!(node instanceof YamlNode.Mapping m) || m.entries().size() != 1) {
            issues.add(issue(node == null ? rule.keyPosition() : node.position(), "rule '" + rule.key()
                    + "' needs 'on:' with exactly one of event, scenario, enter, leave, days_before, days_after, schedule", "e.g. on: { enter: lead_grade=S }"));
            return null;
        }
        YamlNode.Entry only = m.entries().values().iterator().next();
        String value = only.value() instanceof YamlNode.Scalar s ? s.text()
                : only.value() instanceof YamlNode.Mapping ? "" : null;
        if (value == null) {
            issues.add(issue(only.keyPosition(), "'" + only.key() + "' needs a value", null));
            return null;
        }
        switch (only.key()) {
            case "event":
                return new Playbook.Trigger.Event(value);
            case "days_before":
            case "days_after":
                return daysFrom(only, value);
            case "scenario":
                return new Playbook.Trigger.Scenario(value);
            case "schedule":
                try {
                    return new Playbook.Trigger.Schedule(value, Cron.parse(value));
                } catch (IllegalArgumentException ex) {
                    issues.add(issue(only.value().position(), "'" + value + "' is not a cron schedule: " + ex.getMessage(),
                            "five fields: minute hour day-of-month month day-of-week, e.g. \"0 10 * * MON\" (Mondays 10:00)"));
                    return null;
                }
            case "enter":
            case "leave":
                String[] layer = layer(value, only.value().position());
                if (layer == null) {
                    return null;
                }
                return only.key().equals("enter") ? new Playbook.Trigger.Enter(layer[0], layer[1])
                        : new Playbook.Trigger.Leave(layer[0], layer[1]);
            default:
                issues.add(issue(only.keyPosition(), "unknown trigger '" + only.key() + "'",
                        Suggestions.hint(only.key(), List.of("event", "scenario", "enter", "leave", "days_before", "days_after", "schedule"), "triggers")));
                return null;
        }
    }

    /** {@code days_before: { date: next_due_at, days: 3 }} (or days_after): a date-valued model value. */
    private Playbook.Trigger daysFrom(YamlNode.Entry entry, String unused) {
        if (!(entry.value() instanceof YamlNode.Mapping m)) {
            issues.add(issue(entry.keyPosition(), "'" + entry.key() + "' needs { date: <value>, days: <n> }",
                    "e.g. " + entry.key() + ": { date: next_due_at, days: 3 }"));
            return null;
        }
        keys(m, Set.of("date", "days"), entry.key() + " keys");
        String field = text(m, "date", true);
        int days = (int) number(m, "days", 0);
        if (field != null && model.types().get(field) != io.siyu.facts.ColumnType.TIME) {
            issues.add(issue(m.get("date").position(), "'" + field + "' is not a date-valued value of model '" + model.model().name() + "'",
                    Suggestions.hint(field, model.types().entrySet().stream().filter(t -> t.getValue() == io.siyu.facts.ColumnType.TIME)
                            .map(Map.Entry::getKey).toList(), "date values")));
            return null;
        }
        return field == null ? null : new Playbook.Trigger.DaysFrom(field, entry.key().equals("days_before") ? days : -days);
    }

    /** "tier=value" or "tag"/"segment" → {layer, value}; checked against the model. */
    private String[] layer(String text, YamlNode.Position at) {
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        Definition d = model.model().definition(name).orElse(null);
        List<String> layers = model.model().definitions().stream()
                .filter(Definition::isLayer).map(Definition::name).toList();
        if (d instanceof Definition.Exclusive t) {
            String value = eq < 0 ? null : text.substring(eq + 1);
            Set<String> values = new LinkedHashSet<>(t.values());
            if (value == null || !values.contains(value)) {
                issues.add(issue(at, "'" + text + "' is not a value of " + t.kindName() + " '" + name + "'",
                        "write " + name + "=<value>, one of: " + String.join(", ", values)));
                return null;
            }
            return new String[] {name, value};
        }
        if (d instanceof Definition.Audience && eq < 0) {
            return new String[] {name, "true"};
        }
        issues.add(issue(at, "'" + name + "' is not a tier, stage, tag or segment of model '" + model.model().name() + "'",
                Suggestions.hint(name, layers, "layers")));
        return null;
    }

    private Playbook.Action action(YamlNode item) {
        if (!(item instanceof YamlNode.Mapping m) || m.entries().size() != 1) {
            issues.add(issue(item.position(), "each action is one of task, message, invite, offer, tag or webhook: {…}", null));
            return null;
        }
        YamlNode.Entry only = m.entries().values().iterator().next();
        if (!(only.value() instanceof YamlNode.Mapping a)) {
            issues.add(issue(only.keyPosition(), "'" + only.key() + "' needs its settings as a mapping", null));
            return null;
        }
        switch (only.key()) {
            case "task": {
                keys(a, Set.of("reason", "due"), "task keys");
                String reason = text(a, "reason", true);
                placeholders(reason, a.get("reason"));
                return new Playbook.Action.Task(reason, duration(a, "due", Duration.ofHours(24)));
            }
            case "message": {
                keys(a, Set.of("channel", "text"), "message keys");
                String text = text(a, "text", true);
                placeholders(text, a.get("text"));
                return new Playbook.Action.Message(channelName(a), text);
            }
            case "invite": {
                keys(a, Set.of("group", "channel", "text"), "invite keys");
                String group = text(a, "group", true);
                placeholders(group, a.get("group"));
                String text = text(a, "text", false);
                if (text == null) {
                    text = "{name}您好，邀请您加入「{group}」";
                } else {
                    placeholders(text.replace("{group}", ""), a.get("text"));
                }
                return new Playbook.Action.Invite(channelName(a), group, text);
            }
            case "offer": {
                keys(a, Set.of("kind", "text"), "offer keys");
                String text = text(a, "text", true);
                placeholders(text, a.get("text"));
                return new Playbook.Action.Offer(text(a, "kind", true), text);
            }
            case "tag": {
                keys(a, Set.of("add", "remove"), "tag keys");
                String add = text(a, "add", false);
                String remove = text(a, "remove", false);
                if ((add == null) == (remove == null)) {
                    issues.add(issue(a.position(), "a tag action needs exactly one of 'add' or 'remove'", "e.g. tag: { add: 车友群已邀请 }"));
                    return null;
                }
                return new Playbook.Action.Tag(add != null ? add : remove, add != null);
            }
            case "webhook": {
                keys(a, Set.of("url", "body"), "webhook keys");
                String url = text(a, "url", true);
                if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                    issues.add(issue(a.get("url").position(), "'" + url + "' is not an http(s) URL", "e.g. url: \"https://crm.example.com/hooks/siyu\""));
                }
                String body = text(a, "body", false);
                placeholders(body, a.get("body"));
                return new Playbook.Action.Webhook(url, body);
            }
            default:
                issues.add(issue(only.keyPosition(), "unknown action '" + only.key() + "'",
                        Suggestions.hint(only.key(), List.of("task", "message", "invite", "offer", "tag", "webhook"), "actions")));
                return null;
        }
    }

    private void placeholders(String template, YamlNode at) {
        if (template == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!name.equals("customer_id") && !model.types().containsKey(name)) {
                issues.add(issue(at.position(), "unknown value '{" + name + "}' in the template",
                        Suggestions.hint(name, model.types().keySet(), "values")));
            }
        }
        // what looks like a placeholder but is not one would reach customers as it is written
        Matcher broken = BROKEN_PLACEHOLDER.matcher(PLACEHOLDER.matcher(template).replaceAll(""));
        if (broken.find()) {
            issues.add(issue(at.position(), "'" + broken.group().strip() + "…' in the template is not a placeholder",
                    "write {name}, or {name|text} with text that has no braces, and no spaces inside the braces"));
        }
    }

    /** An opening brace, a name and then a bar, a space or a closing brace: meant as a placeholder. */
    private static final Pattern BROKEN_PLACEHOLDER = Pattern.compile("\\{\\s*[A-Za-z_][A-Za-z0-9_]*\\s*[|}]|\\{\\s+[A-Za-z_]");

    private void keys(YamlNode.Mapping m, Set<String> allowed, String what) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                issues.add(issue(e.keyPosition(), "unknown key '" + e.key() + "'", Suggestions.hint(e.key(), allowed, what)));
            }
        }
    }

    private String text(YamlNode.Mapping m, String key, boolean required) {
        YamlNode n = m.get(key);
        if (n instanceof YamlNode.Scalar s && s.text() != null) {
            return s.text();
        }
        if (required) {
            issues.add(issue(m.position(), "missing '" + key + "'", "add '" + key + ": …'"));
        }
        return null;
    }

    private double number(YamlNode.Mapping m, String key, double fallback) {
        String s = text(m, key, false);
        try {
            return s == null ? fallback : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            issues.add(issue(m.get(key).position(), "'" + key + "' must be a number, not '" + s + "'", null));
            return fallback;
        }
    }

    private Duration duration(YamlNode.Mapping m, String key, Duration fallback) {
        String s = text(m, key, false);
        if (s == null) {
            return fallback;
        }
        Matcher d = DURATION.matcher(s.strip());
        if (!d.matches()) {
            issues.add(issue(m.get(key).position(), "'" + key + "' must be a duration like 30m, 2h, 3d or 1w, not '" + s + "'", null));
            return fallback;
        }
        long n = Long.parseLong(d.group(1));
        return switch (d.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(n);
        };
    }

    private ModelIssue issue(YamlNode.Position at, String message, String hint) {
        return yaml.issue(at.line(), at.column(), message, hint);
    }
}
