package com.wwi.lakehouse.lake;

/**
 * A table that needs Delta features this pipeline cannot honour for what it was about to do (another engine
 * upgraded it). Nothing was read or written through it; the message names the table, the features and the way out,
 * and every other table goes on.
 */
public class TableRefusedException extends LakeException {
    public TableRefusedException(String message) {
        super(message);
    }
}
