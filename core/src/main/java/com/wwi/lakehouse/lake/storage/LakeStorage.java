package com.wwi.lakehouse.lake.storage;

import com.wwi.lakehouse.errors.Errors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the Hadoop configuration for a lake root.
 *
 * <ul>
 *   <li>A plain path or {@code file:} URI: the raw local file system (no {@code .crc} side files) and our
 *   {@link AtomicLocalLogStore}, whose hard-link publish is atomic across threads and processes.</li>
 *   <li>{@code abfss://container@account.dfs.core.windows.net/path}: hadoop-azure's ABFS with OAuth tokens from
 *   {@link AzureIdentityTokenProvider} and Delta's {@code AzureLogStore} (atomic rename on ADLS Gen2).</li>
 * </ul>
 *
 * <p>Settings (app settings or environment, all optional): {@value #CREDENTIAL} = {@code default} |
 * {@code managed-identity} | {@code azure-cli} | {@code environment}; {@value #CLIENT_ID} = client id of a
 * user-assigned managed identity. Any key starting with {@code fs.} or {@code delta.} is passed to Hadoop as is.
 */
public final class LakeStorage {
    /** Which azure-identity credential ABFS uses. */
    public static final String CREDENTIAL = "lakehouse.azure.credential";
    /** Client id of the user-assigned managed identity (optional). */
    public static final String CLIENT_ID = "lakehouse.azure.client-id";

    private LakeStorage() {
    }

    public static Configuration hadoopConfiguration(String rootUri, Map<String, String> settings) {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
        conf.set("delta.logStore.file.impl", AtomicLocalLogStore.class.getName());
        conf.set("parquet.summary.metadata.level", "NONE");
        URI uri = toUri(rootUri);
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("abfss") || scheme.equals("abfs")) {
            configureAbfs(conf, uri, settings);
        } else if (!scheme.equals("file")) {
            throw new IllegalArgumentException(Errors.unsupportedLocation(rootUri));
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().startsWith("fs.") || e.getKey().startsWith("delta.") || e.getKey().startsWith("lakehouse.")) {
                conf.set(e.getKey(), e.getValue());
            }
        }
        return conf;
    }

    static void configureAbfs(Configuration conf, URI uri, Map<String, String> settings) {
        String host = uri.getHost();
        if (host == null || uri.getUserInfo() == null) {
            throw new IllegalArgumentException(Errors.badAbfsLocation(uri));
        }
        conf.set("fs.abfss.impl", "org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem");
        conf.set("fs.abfs.impl", "org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem");
        conf.set("fs.AbstractFileSystem.abfss.impl", "org.apache.hadoop.fs.azurebfs.Abfss");
        conf.set("fs.AbstractFileSystem.abfs.impl", "org.apache.hadoop.fs.azurebfs.Abfs");
        conf.set("fs.azure.account.auth.type." + host, "Custom");
        conf.set("fs.azure.account.oauth.provider.type." + host, AzureIdentityTokenProvider.class.getName());
        conf.set(CREDENTIAL, settings.getOrDefault(CREDENTIAL, "default"));
        String clientId = settings.get(CLIENT_ID);
        if (clientId != null && !clientId.isBlank()) {
            conf.set(CLIENT_ID, clientId);
        }
    }

    /** The root as a fully qualified path: local paths become absolute {@code file:} URIs. */
    public static Path qualify(String rootUri, Configuration conf) {
        URI uri = toUri(rootUri);
        if (uri.getScheme() == null) {
            return new Path(new File(rootUri).getAbsoluteFile().toURI());
        }
        return new Path(uri);
    }

    private static URI toUri(String rootUri) {
        if (rootUri == null || rootUri.isBlank()) {
            throw new IllegalArgumentException("lake location is empty");
        }
        if (rootUri.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*") || rootUri.startsWith("file:")) {
            return URI.create(rootUri);
        }
        return noScheme(rootUri);
    }

    private static URI noScheme(String path) {
        try {
            return new URI(null, null, path, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad lake location " + path + ": " + e.getMessage(), e);
        }
    }
}
