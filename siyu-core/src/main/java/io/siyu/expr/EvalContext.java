package io.siyu.expr;

import java.time.ZoneId;

/** What time-relative functions are relative to: the as-of instant and the model's zone. */
public record EvalContext(long asOfEpochSecond, ZoneId zone) {}
