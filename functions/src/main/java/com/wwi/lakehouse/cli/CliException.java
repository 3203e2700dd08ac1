package com.wwi.lakehouse.cli;

/** A user-facing error: printed as one line, exit code 2 for usage errors, 1 otherwise. */
final class CliException extends RuntimeException {
    final int exitCode;

    CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(message, 2);
    }

    static CliException failure(String message) {
        return new CliException(message, 1);
    }
}
