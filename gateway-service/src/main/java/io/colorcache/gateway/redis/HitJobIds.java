package io.colorcache.gateway.redis;

import io.colorcache.common.redis.QueueRedis;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Job ids of cache hits on {@code POST /v1/jobs}: HMAC-SHA256 of the tenant and the result key
 * under a secret that the first gateway stores in Redis ({@code cc:secret:job-ids}, SET NX) and
 * every gateway reads once. A tenant's repeats of a cached photo thus share one job record instead
 * of making one per request, and no one who lacks the secret can compute another tenant's id.
 */
@ApplicationScoped
public class HitJobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReactiveRedisDataSource redis;
    private final KeySchema keys;
    private volatile SecretKeySpec secret;

    public HitJobIds(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The id of the tenant's job for a cached result (32 hex digits, as every job id). */
    public Uni<String> idFor(String tenant, String resultKey) {
        SecretKeySpec known = secret;
        Uni<SecretKeySpec> key = known != null ? Uni.createFrom().item(known) : load();
        return key.map(k -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(k);
                byte[] digest = mac.doFinal((tenant + "\n" + resultKey).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 16);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    private Uni<SecretKeySpec> load() {
        byte[] candidate = new byte[32];
        RANDOM.nextBytes(candidate);
        String key = keys.jobIdSecret();
        return redis.execute("SET", key, HexFormat.of().formatHex(candidate), "NX")
                .chain(() -> redis.execute("GET", key))
                .map(stored -> {
                    SecretKeySpec loaded = new SecretKeySpec(HexFormat.of().parseHex(stored.toString()), "HmacSHA256");
                    secret = loaded;
                    return loaded;
                });
    }
}
