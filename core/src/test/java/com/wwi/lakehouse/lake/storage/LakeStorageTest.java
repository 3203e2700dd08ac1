package com.wwi.lakehouse.lake.storage;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.azurebfs.AbfsConfiguration;
import org.apache.hadoop.fs.azurebfs.contracts.exceptions.TokenAccessProviderException;
import org.apache.hadoop.fs.azurebfs.oauth2.AccessTokenProvider;
import org.apache.hadoop.fs.azurebfs.oauth2.AzureADToken;
import org.apache.hadoop.fs.azurebfs.oauth2.CustomTokenProviderAdapter;
import org.apache.hadoop.fs.azurebfs.services.AuthType;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ABFS + azure-identity glue, checked through hadoop-azure's own configuration and token adapter classes
 * (no ADLS Gen2 emulator exists, so nothing here opens a connection).
 */
class LakeStorageTest {
    static final String ROOT = "abfss://lake@wwidata.dfs.core.windows.net/wwi";
    static final String ACCOUNT = "wwidata.dfs.core.windows.net";

    /** A credential that hands out numbered tokens and records the scopes asked for. */
    static final class CountingCredential implements TokenCredential {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> scopes = new ArrayList<>();
        final long lifetimeSeconds;

        CountingCredential(long lifetimeSeconds) {
            this.lifetimeSeconds = lifetimeSeconds;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            scopes.addAll(request.getScopes());
            return new AccessToken("token-" + calls.incrementAndGet(), OffsetDateTime.now().plusSeconds(lifetimeSeconds));
        }
    }

    @Test
    void abfssRootsAuthenticateThroughOurTokenProvider() throws Exception {
        Configuration conf = LakeStorage.hadoopConfiguration(ROOT, Map.of(LakeStorage.CLIENT_ID, "1111-2222"));
        assertEquals("Custom", conf.get("fs.azure.account.auth.type." + ACCOUNT));
        assertEquals(AzureIdentityTokenProvider.class.getName(), conf.get("fs.azure.account.oauth.provider.type." + ACCOUNT));
        assertEquals("1111-2222", conf.get(LakeStorage.CLIENT_ID));
        assertEquals("default", conf.get(LakeStorage.CREDENTIAL));
        assertEquals("io.delta.storage.AzureLogStore", conf.get("delta.logStore.abfss.impl", "io.delta.storage.AzureLogStore"));

        AbfsConfiguration abfs = new AbfsConfiguration(conf, ACCOUNT);
        assertEquals(AuthType.Custom, abfs.getAuthType(ACCOUNT));
        AccessTokenProvider provider = abfs.getTokenProvider(); // instantiates and initializes our class
        assertInstanceOf(CustomTokenProviderAdapter.class, provider);
    }

    @Test
    void aBadCredentialSettingFailsWhenAbfsLoadsTheProvider() throws Exception {
        Configuration conf = LakeStorage.hadoopConfiguration(ROOT, Map.of(LakeStorage.CREDENTIAL, "password-in-clear"));
        AbfsConfiguration abfs = new AbfsConfiguration(conf, ACCOUNT);
        TokenAccessProviderException e = assertThrows(TokenAccessProviderException.class, abfs::getTokenProvider);
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("unknown lakehouse.azure.credential 'password-in-clear'"), root.getMessage());
    }

    @Test
    void tokensComeFromAzureIdentityForTheStorageScopeAndAreCached() throws Exception {
        CountingCredential cred = new CountingCredential(3600);
        AzureIdentityTokenProvider ours = new AzureIdentityTokenProvider(cred);
        CustomTokenProviderAdapter adapter = new CustomTokenProviderAdapter(ours, 2);
        adapter.bind(new URI(ROOT), new Configuration());
        ours.initialize(new Configuration(), ACCOUNT);
        AzureADToken token = adapter.getToken();
        assertEquals("token-1", token.getAccessToken());
        assertEquals(List.of(AzureIdentityTokenProvider.STORAGE_SCOPE), cred.scopes);
        assertEquals("token-1", ours.getAccessToken(), "cached while far from expiry");
        assertEquals(1, cred.calls.get());
        assertTrue(token.getExpiry().getTime() > System.currentTimeMillis() + 3000_000L);
    }

    @Test
    void tokensAreRenewedBeforeTheyExpire() throws Exception {
        CountingCredential cred = new CountingCredential(60); // inside the 5-minute margin
        AzureIdentityTokenProvider ours = new AzureIdentityTokenProvider(cred);
        ours.initialize(new Configuration(), ACCOUNT);
        assertEquals("token-1", ours.getAccessToken());
        assertEquals("token-2", ours.getAccessToken());
    }

    @Test
    void credentialFailuresSayWhatToCheck() throws Exception {
        TokenCredential failing = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.error(new IllegalStateException("no identity endpoint"));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                throw new IllegalStateException("no identity endpoint");
            }
        };
        AzureIdentityTokenProvider ours = new AzureIdentityTokenProvider(failing);
        ours.initialize(new Configuration(), ACCOUNT);
        IOException e = assertThrows(IOException.class, ours::getAccessToken);
        assertTrue(e.getMessage().contains("Storage Blob Data Contributor"), e.getMessage());
        assertTrue(e.getMessage().contains(ACCOUNT), e.getMessage());
    }

    @Test
    void localRootsUseTheRawLocalFileSystemAndTheLocalLogStore() {
        Configuration conf = LakeStorage.hadoopConfiguration("/tmp/lake", Map.of());
        assertEquals("org.apache.hadoop.fs.RawLocalFileSystem", conf.get("fs.file.impl"));
        assertEquals(AtomicLocalLogStore.class.getName(), conf.get("delta.logStore.file.impl"));
        assertEquals("file:/tmp/lake", LakeStorage.qualify("/tmp/lake", conf).toString());
        assertTrue(LakeStorage.qualify("relative/lake", conf).toString().startsWith("file:/"));
    }

    @Test
    void unsupportedOrMalformedLocationsAreRejectedClearly() {
        IllegalArgumentException s3 = assertThrows(IllegalArgumentException.class,
                () -> LakeStorage.hadoopConfiguration("s3://bucket/lake", Map.of()));
        assertTrue(s3.getMessage().contains("abfss://<container>@<account>"), s3.getMessage());
        IllegalArgumentException noContainer = assertThrows(IllegalArgumentException.class,
                () -> LakeStorage.hadoopConfiguration("abfss://wwidata.dfs.core.windows.net/x", Map.of()));
        assertTrue(noContainer.getMessage().contains("abfss://<container>@<account>"), noContainer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LakeStorage.hadoopConfiguration(" ", Map.of()));
    }
}
