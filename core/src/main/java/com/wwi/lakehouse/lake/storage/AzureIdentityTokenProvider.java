package com.wwi.lakehouse.lake.storage;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.azurebfs.extensions.CustomTokenProviderAdaptee;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;

/**
 * ABFS OAuth glue: hadoop-azure asks this class (named in {@code fs.azure.account.oauth.provider.type.*}) for a
 * bearer token, and it gets one from azure-identity for the storage scope. Tokens are cached and renewed five
 * minutes before they expire.
 *
 * <p>Credentials, by {@link LakeStorage#CREDENTIAL}: {@code default} (DefaultAzureCredential: managed identity in
 * Azure, environment, Azure CLI or IDE sign-in on a workstation), {@code managed-identity}, {@code azure-cli},
 * {@code environment}. {@link LakeStorage#CLIENT_ID} selects a user-assigned managed identity.
 */
public class AzureIdentityTokenProvider implements CustomTokenProviderAdaptee {
    /** The OAuth scope of Azure Storage. */
    public static final String STORAGE_SCOPE = "https://storage.azure.com/.default";
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private TokenCredential credential;
    private String accountName;
    private String credentialKind;
    private volatile AccessToken cached;

    /** Used by hadoop-azure, which then calls {@link #initialize}. */
    public AzureIdentityTokenProvider() {
    }

    /** With a given credential (tests, or callers that already hold one). */
    public AzureIdentityTokenProvider(TokenCredential credential) {
        this.credential = credential;
        this.credentialKind = "given";
    }

    @Override
    public void initialize(Configuration configuration, String accountName) throws IOException {
        this.accountName = accountName;
        if (credential != null) {
            return;
        }
        credentialKind = configuration.get(LakeStorage.CREDENTIAL, "default");
        credential = credential(credentialKind, configuration.get(LakeStorage.CLIENT_ID));
    }

    static TokenCredential credential(String kind, String clientId) throws IOException {
        boolean hasClientId = clientId != null && !clientId.isBlank();
        return switch (kind) {
            case "default" -> {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
                if (hasClientId) {
                    b.managedIdentityClientId(clientId);
                }
                yield b.build();
            }
            case "managed-identity" -> {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
                if (hasClientId) {
                    b.clientId(clientId);
                }
                yield b.build();
            }
            case "azure-cli" -> new AzureCliCredentialBuilder().build();
            case "environment" -> new EnvironmentCredentialBuilder().build();
            default -> throw new IOException("unknown " + LakeStorage.CREDENTIAL + " '" + kind
                    + "': use default, managed-identity, azure-cli or environment");
        };
    }

    @Override
    public String getAccessToken() throws IOException {
        AccessToken t = cached;
        if (t == null || t.getExpiresAt().isBefore(OffsetDateTime.now().plus(REFRESH_MARGIN))) {
            synchronized (this) {
                t = cached;
                if (t == null || t.getExpiresAt().isBefore(OffsetDateTime.now().plus(REFRESH_MARGIN))) {
                    try {
                        t = credential.getTokenSync(new TokenRequestContext().addScopes(STORAGE_SCOPE));
                    } catch (RuntimeException e) {
                        throw new IOException("could not get a storage token for account " + accountName
                                + " with the '" + credentialKind + "' credential: " + e.getMessage()
                                + " (in Azure: is the managed identity assigned and granted 'Storage Blob Data"
                                + " Contributor'? locally: run 'az login')", e);
                    }
                    if (t == null) {
                        throw new IOException("the '" + credentialKind + "' credential returned no token for " + accountName);
                    }
                    cached = t;
                }
            }
        }
        return t.getToken();
    }

    @Override
    public Date getExpiryTime() {
        AccessToken t = cached;
        return t == null ? new Date(0) : Date.from(t.getExpiresAt().toInstant());
    }

    /** For diagnostics: which credential kind is in use. */
    public String credentialKind() {
        return credentialKind;
    }
}
