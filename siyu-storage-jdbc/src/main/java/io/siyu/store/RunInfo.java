package io.siyu.store;

import java.time.Instant;

/**
 * One evaluation of a layering model version. Instants have second precision (stored as epoch
 * seconds); {@code customerCount} is the number of profile rows saved for the run.
 */
public record RunInfo(long id, long modelVersionId, String modelName, Instant asOf, Instant startedAt,
                      long customerCount) {}
