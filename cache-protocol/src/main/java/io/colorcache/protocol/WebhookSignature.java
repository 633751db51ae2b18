package io.colorcache.protocol;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Callback signatures as the Standard Webhooks scheme has them: the headers {@code webhook-id}
 * (the same for every retry of one message), {@code webhook-timestamp} (epoch seconds of the
 * attempt) and {@code webhook-signature} ({@code v1,} and the Base64 HMAC-SHA256 of
 * {@code id.timestamp.body}), under a secret {@code whsec_<base64>}. Each tenant's endpoint has a
 * secret of its own, derived from the gateway's master secret, the tenant and the URL's origin,
 * so nothing per endpoint is stored and no endpoint can verify another's messages.
 */
public final class WebhookSignature {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** {@code scheme://host[:port]} of a URL, lower-case, without a default port. */
    public static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** The secret of one tenant's endpoint: {@code whsec_} and Base64 of HMAC(master, tenant, origin). */
    public static String endpointSecret(String master, String tenant, String origin) {
        byte[] key = hmac(master.getBytes(StandardCharsets.UTF_8), tenant + "\n" + origin);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} value of a message. */
    public static String sign(String secret, String id, long timestamp, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), id + "." + timestamp + "." + body));
    }

    /**
     * Whether a received message is authentic and fresh: one of the header's space-separated
     * {@code v1,} signatures matches (compared in constant time), and its timestamp is within
     * {@code toleranceSeconds} of {@code nowSeconds}, so a replay of an old message is refused.
     */
    public static boolean verify(String secret, String id, String timestamp, String body, String signatures,
            long nowSeconds, long toleranceSeconds) {
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - sent) > toleranceSeconds || signatures == null) {
            return false;
        }
        byte[] expected = sign(secret, id, sent, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatures.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
