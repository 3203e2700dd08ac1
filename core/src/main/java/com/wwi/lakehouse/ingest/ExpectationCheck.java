package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.runs.Run;

import java.util.List;
import java.util.Locale;

/**
 * Step three: a dataset's expectations applied to each typed row, once, in declaration order. Every failure is
 * counted in the run; a FAIL one stops the batch; the DROP ones a row broke send it to quarantine.
 */
final class ExpectationCheck {
    private final Expectation[] expectations;

    ExpectationCheck(List<Expectation> expectations) {
        this.expectations = expectations.toArray(new Expectation[0]);
    }

    /**
     * The names of the DROP expectations {@code row} broke (comma-separated), or null when it stays.
     *
     * @throws BronzeIngest.ExpectationFailedException when it broke a FAIL one
     */
    String dropped(Object[] row, Run run, long offset) {
        String dropped = null;
        for (Expectation x : expectations) {
            if (!x.check().test(row)) {
                run.expectationFailed(x.name(), x.action().name().toLowerCase(Locale.ROOT), 1);
                switch (x.action()) {
                    case WARN -> { }
                    case DROP -> dropped = dropped == null ? x.name() : dropped + "," + x.name();
                    case FAIL -> throw new BronzeIngest.ExpectationFailedException(Errors.expectationFailed(x.name(),
                            x.constraint(), run.source(), offset));
                }
            }
        }
        return dropped;
    }
}
