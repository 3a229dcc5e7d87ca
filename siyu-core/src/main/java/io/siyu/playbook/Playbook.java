package io.siyu.playbook;

import io.siyu.engine.CheckedExpression;
import java.time.Duration;
import java.util.List;

/**
 * A playbook (运营SOP): rules that turn what happens to a customer — a layer entered or left, an
 * event, a chat scenario — into tasks for their owner and messages through a channel, under a
 * contact policy. Versioned: the version is part of every outcome's idempotency key.
 */
public record Playbook(String name, int version, String description, ContactPolicy policy,
                       java.util.Map<String, Channel> channels, List<Rule> rules, String source) {

    /** The built-in channel every playbook may use: delivery is a line in the server's log. */
    public static final String LOG = "log";

    /**
     * Where a channel's messages go: the server's log, or an HTTP webhook (how WeCom and SMS
     * gateways are connected) that receives each message as JSON, with its idempotency key.
     */
    public record Channel(String name, String webhookUrl, java.util.Map<String, String> headers) {
        public boolean isLog() {
            return webhookUrl == null;
        }
    }

    /** The channel called {@code name}: declared here, or the built-in log channel. */
    public Channel channel(String name) {
        Channel c = channels.get(name);
        return c != null ? c : name.equals(LOG) ? new Channel(LOG, null, java.util.Map.of()) : null;
    }

    /** When this happens, if the condition holds for the customer, do these actions. */
    public record Rule(String name, Trigger trigger, CheckedExpression condition, List<Action> actions) {}

    /** What starts a rule. */
    public sealed interface Trigger {
        /** An event of this type arrived (e.g. test_drive_form). */
        record Event(String type) implements Trigger {}

        /** A chat message showed this scenario (e.g. repurchase). */
        record Scenario(String scenario) implements Trigger {}

        /** The customer entered a tier value, or a tag/segment (value "true"). */
        record Enter(String layer, String value) implements Trigger {}

        /** The customer left a tier value, or a tag/segment (value "true"). */
        record Leave(String layer, String value) implements Trigger {}

        /**
         * A date-valued value is {@code days} days away: positive = that many days before the date
         * (e.g. 3 days before next_due_at), negative = after it, zero = on the day. Checked once a day.
         */
        record DaysFrom(String field, int days) implements Trigger {}

        /**
         * A schedule (cron, five fields: minute hour day-of-month month day-of-week, in the model's
         * zone): at each occurrence the rule runs for every customer whose condition holds.
         */
        record Schedule(String cron, Cron schedule) implements Trigger {}
    }

    /** What a rule does. Templates name profile values in braces: {name}, {rfm_class}. */
    public sealed interface Action {
        /** A task for the customer's owner (owner_staff_id), due after {@code due}. */
        record Task(String reason, Duration due) implements Action {}

        /** A message through a channel (log, or a declared webhook channel such as wecom or sms). */
        record Message(String channel, String template) implements Action {}

        /** An invitation to a group (e.g. the car model's fans' group), sent through a channel. */
        record Invite(String channel, String group, String template) implements Action {}

        /**
         * An offer for the till (C4): a coupon, an instant discount or a stored-value plan, returned
         * to the caller that sent the fact (the point of sale) and kept on the customer.
         */
        record Offer(String kind, String template) implements Action {}

        /** Adds or removes a manual tag (运营标签) on the customer. */
        record Tag(String tag, boolean add) implements Action {}

        /** Calls a URL with the customer's context as JSON (a CRM, a coupon system). */
        record Webhook(String url, String template) implements Action {}
    }
}
