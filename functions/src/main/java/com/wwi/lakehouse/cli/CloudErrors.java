package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.errors.Errors;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Azure failures as one line that names the cause and the fix (the words are {@link Errors}'). The SDKs wrap the cause several levels deep (ABFS
 * around our token provider around azure-identity; the AMQP client around a socket): this walks the chain for the
 * first cause it knows.
 */
final class CloudErrors {
    private CloudErrors() {
    }

    /** {@code doing}: what was being done, e.g. "reading abfss://…". */
    static String describe(String doing, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("could not get a storage token") || lower.contains("credentialunavailable")
                    || lower.contains("defaultazurecredential authentication failed")
                    || lower.contains("azure cli not installed") || lower.contains("please run 'az login'")
                    || lower.contains("environmentcredential authentication unavailable")) {
                return Errors.notSignedIn(doing, doing.contains("Event Hub"));
            }
            if (lower.contains("authorizationpermissionmismatch") || lower.contains("authorizationfailure")
                    || lower.contains("status code: 403") || lower.contains("unauthorized access")) {
                return Errors.notAllowed(doing);
            }
            if (t instanceof UnknownHostException || lower.contains("unknownhost") || lower.contains("nodename nor servname")
                    || lower.contains("name or service not known") || lower.contains("failed to resolve")) {
                return Errors.noSuchHost(doing, m.isBlank() ? "" : firstLine(m));
            }
            if (t instanceof ConnectException || lower.contains("connection refused")) {
                return Errors.cannotConnect(doing, firstLine(m));
            }
            if (t instanceof TimeoutException || lower.contains("timeout") || lower.contains("timed out")) {
                return Errors.timedOut(doing, firstLine(m));
            }
        }
        return doing + ": " + firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    static String firstLine(String s) {
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
