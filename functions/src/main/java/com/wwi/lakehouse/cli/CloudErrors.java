package com.wwi.lakehouse.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Azure failures as one line that names the cause and the fix. The SDKs wrap the cause several levels deep (ABFS
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
                return doing + ": not signed in to Azure (no credential gave a token): run 'az login', or set "
                        + "LAKEHOUSE_AZURE_CREDENTIAL to managed-identity, environment or azure-cli"
                        + (doing.contains("Event Hub") ? ", or give --connection-string" : "");
            }
            if (lower.contains("authorizationpermissionmismatch") || lower.contains("authorizationfailure")
                    || lower.contains("status code: 403") || lower.contains("unauthorized access")) {
                return doing + ": signed in, but not allowed: grant the identity 'Storage Blob Data Contributor' on the"
                        + " account (or 'Azure Event Hubs Data Sender' on the hub)";
            }
            if (t instanceof UnknownHostException || lower.contains("unknownhost") || lower.contains("nodename nor servname")
                    || lower.contains("name or service not known") || lower.contains("failed to resolve")) {
                return doing + ": no such host" + (m.isBlank() ? "" : " (" + firstLine(m) + ")")
                        + ": check the account or namespace name";
            }
            if (t instanceof ConnectException || lower.contains("connection refused")) {
                return doing + ": cannot connect (" + firstLine(m) + "): check the name and the network";
            }
            if (t instanceof TimeoutException || lower.contains("timeout") || lower.contains("timed out")) {
                return doing + ": timed out (" + firstLine(m) + "): check the name and the network";
            }
        }
        return doing + ": " + firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    static String firstLine(String s) {
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
