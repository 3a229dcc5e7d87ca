package io.siyu.generate;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What to generate: an industry profile, how many customers, the random seed, and the last day
 * of the history (nothing happens after it; history starts about two years before).
 */
public record GeneratorSpec(Profile profile, int customers, long seed, LocalDate end, ZoneId zone) {
    public GeneratorSpec {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be positive, not " + customers);
        }
    }
}
