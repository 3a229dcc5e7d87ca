package io.siyu.playbook;

import io.siyu.engine.CheckedExpression;
import java.time.Duration;
import java.util.List;

/**
 * A playbook (运营SOP): rules that turn what happens to a customer — a layer entered or left, an
 * event, a chat scenario — into tasks for their owner and messages through a channel, under a
 * contact policy. Versioned: the version is part of every outcome's idempotency key.
 */
public record Playbook(String name, int version, String description, ContactPolicy policy, List<Rule> rules,
                       String source) {

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
    }

    /** What a rule does. Templates name profile values in braces: {name}, {rfm_class}. */
    public sealed interface Action {
        /** A task for the customer's owner (owner_staff_id), due after {@code due}. */
        record Task(String reason, Duration due) implements Action {}

        /** A message through a channel (log, webhook, wecom, sms). */
        record Message(String channel, String template) implements Action {}
    }
}
