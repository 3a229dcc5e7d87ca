package io.siyu.engine;

import java.time.Instant;

/**
 * A customer moved between layers: a tier value changed, or they entered or left a tag or
 * segment (from/to are "true"/"false" then). {@code cause} says what moved them: the fact that
 * arrived, or a population refresh. The history of these feeds migration reports and playbooks.
 */
public record LayerChange(String customerId, String layer, String from, String to, Instant at, String cause) {}
