package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.RetryContext;
import com.microsoft.azure.functions.RpcException;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A real ExecutionContext for tests: keeps what the function logged. */
public final class TestContext implements ExecutionContext {
    public final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger;

    public TestContext(String name) {
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "test";
    }

    /** The host's retry count for this invocation (0 on the first delivery), as {@link #getRetryContext} says. */
    public int retryCount;

    @Override
    public RetryContext getRetryContext() {
        int count = retryCount;
        return new RetryContext() {
            @Override
            public int getRetrycount() {
                return count;
            }

            @Override
            public int getMaxretrycount() {
                return -1;
            }

            @Override
            public RpcException getException() {
                return null;
            }
        };
    }
}
