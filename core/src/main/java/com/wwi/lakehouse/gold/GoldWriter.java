package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunStatus;

/**
 * Commits a {@link GoldPlan} in one commit, and puts what it did into the run: an append when it removes no file
 * (with no row it records only the txn), else a rewrite that removes exactly the planned files, so a concurrent
 * commit that removed one of them makes this one lose the race. Conditional on the txn's consumed version.
 */
final class GoldWriter {
    private GoldWriter() {
    }

    static CommitResult write(LakeTable gold, GoldPlan plan) {
        if (plan.skipped()) {
            throw new IllegalArgumentException("a skipped plan has nothing to commit");
        }
        if (plan.strategy() != GoldPlan.Strategy.OVERWRITE && plan.replace().isEmpty()) {
            return gold.append(plan.write(), plan.txns());
        }
        return gold.rewrite(plan.replace(), plan.write(), true, plan.txns(), plan.strategy().operation());
    }

    /** The run's metrics from the plan and, unless it was skipped, the commit's result. */
    static void record(GoldPlan plan, CommitResult result, Run run) {
        plan.inputVersions().forEach(run::inputVersion);
        run.rowsIn(plan.rowsIn());
        run.message(plan.message());
        if (plan.skipped()) {
            run.status(RunStatus.SKIPPED);
            run.tableVersion(plan.tableVersion());
            return;
        }
        run.rowsWritten(result.rowsWritten());
        run.tableVersion(result.version());
    }
}
