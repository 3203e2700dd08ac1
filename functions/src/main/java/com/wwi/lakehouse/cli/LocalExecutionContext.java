package com.wwi.lakehouse.cli;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The execution context the local runner hands to function methods, as the Functions host would. */
final class LocalExecutionContext implements ExecutionContext {
    private final String functionName;
    private final String invocationId = UUID.randomUUID().toString();
    private final Logger logger;

    LocalExecutionContext(String functionName, boolean verbose) {
        this.functionName = functionName;
        this.logger = Logger.getLogger("Function." + functionName);
        logger.setLevel(verbose ? Level.INFO : Level.WARNING);
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
