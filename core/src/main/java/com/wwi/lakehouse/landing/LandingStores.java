package com.wwi.lakehouse.landing;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;

import java.util.Locale;
import java.util.Map;

/**
 * Builds the landing store from app settings, the way the Functions host reads the trigger's connection
 * {@code LandingStorage}: either a connection string in {@code LandingStorage} (Azurite, or a key-based
 * account), or identity-based {@code LandingStorage__blobServiceUri} with the managed identity
 * ({@code LandingStorage__clientId} or {@code LAKEHOUSE_AZURE_CLIENT_ID}). {@code LAKEHOUSE_LANDING_API} picks
 * {@code dfs} (atomic renames; needs a hierarchical namespace; the default with an identity) or {@code blob}.
 */
public final class LandingStores {
    public static final String CONNECTION = "LandingStorage";
    public static final String CONTAINER = "LAKEHOUSE_LANDING_CONTAINER";
    public static final String API = "LAKEHOUSE_LANDING_API";
    /** The container files land in when {@link #CONTAINER} is not set. */
    public static final String DEFAULT_CONTAINER = "landing";
    /** The storage API when {@link #API} is not set. */
    public static final String DEFAULT_API = "dfs";

    private LandingStores() {
    }

    /** The store, or null when no landing connection is configured (then files are left where they are). */
    public static LandingStore fromSettings(Map<String, String> env) {
        String container = env.getOrDefault(CONTAINER, DEFAULT_CONTAINER);
        String connectionString = env.get(CONNECTION);
        String blobUri = env.get(CONNECTION + "__blobServiceUri");
        if (connectionString != null && !connectionString.isBlank()) {
            String api = env.getOrDefault(API, "blob").toLowerCase(Locale.ROOT);
            if (api.equals("dfs")) {
                return new AdlsLandingStore(new DataLakeServiceClientBuilder()
                        .endpoint(endpointOf(connectionString).replace(".blob.", ".dfs."))
                        .credential(new StorageSharedKeyCredential(
                                part(connectionString, "AccountName"), part(connectionString, "AccountKey")))
                        .buildClient(), container);
            }
            return new BlobLandingStore(new BlobServiceClientBuilder().connectionString(connectionString).buildClient(),
                    container);
        }
        if (blobUri != null && !blobUri.isBlank()) {
            String clientId = env.getOrDefault(CONNECTION + "__clientId", env.get("LAKEHOUSE_AZURE_CLIENT_ID"));
            DefaultAzureCredentialBuilder cred = new DefaultAzureCredentialBuilder();
            if (clientId != null && !clientId.isBlank()) {
                cred.managedIdentityClientId(clientId);
            }
            String api = env.getOrDefault(API, DEFAULT_API).toLowerCase(Locale.ROOT);
            if (api.equals("dfs")) {
                return new AdlsLandingStore(new DataLakeServiceClientBuilder()
                        .endpoint(blobUri.replace(".blob.", ".dfs.")).credential(cred.build()).buildClient(), container);
            }
            if (!api.equals("blob")) {
                throw new IllegalArgumentException(API + " must be dfs or blob, got '" + api + "'");
            }
            return new BlobLandingStore(new BlobServiceClientBuilder().endpoint(blobUri).credential(cred.build())
                    .buildClient(), container);
        }
        return null;
    }

    private static String part(String cs, String key) {
        for (String kv : cs.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).strip().equalsIgnoreCase(key)) {
                return kv.substring(eq + 1).strip();
            }
        }
        throw new IllegalArgumentException(CONNECTION + " connection string has no " + key);
    }

    private static String endpointOf(String cs) {
        try {
            return part(cs, "BlobEndpoint");
        } catch (IllegalArgumentException e) {
            return "https://" + part(cs, "AccountName") + ".blob." + suffix(cs);
        }
    }

    private static String suffix(String cs) {
        try {
            return part(cs, "EndpointSuffix");
        } catch (IllegalArgumentException e) {
            return "core.windows.net";
        }
    }
}
