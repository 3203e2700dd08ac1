package com.wwi.lakehouse.lake;

import java.util.List;

/**
 * What a VACUUM of one table did.
 *
 * @param deleted   paths (relative to the table root) of the data files deleted
 * @param bytesFreed their total size
 * @param kept      unreferenced data files left because they are younger than the cutoff (files of a commit in
 *                  flight, or removed by a commit after the cutoff and still readable by time travel)
 */
public record VacuumResult(List<String> deleted, long bytesFreed, int kept) {
    public VacuumResult {
        deleted = List.copyOf(deleted);
    }

    public int filesDeleted() {
        return deleted.size();
    }
}
