package com.wwi.lakehouse.lake;

/** A lake operation failed; the message says what, why and what to do. */
public class LakeException extends RuntimeException {
    public LakeException(String message) {
        super(message);
    }

    public LakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
