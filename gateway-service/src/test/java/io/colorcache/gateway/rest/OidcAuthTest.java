package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * OIDC mode: real quarkus-oidc verification of signed JWTs (the issuer's public key configured,
 * as for an issuer without discovery), the tenant taken from its claim, and every way a token can
 * be wrong refused with problem+json.
 */
@QuarkusTest
@TestProfile(OidcAuthTest.Oidc.class)
@QuarkusTestResource(RedisTestResource.class)
class OidcAuthTest {

    static final String ISSUER = "https://issuer.colorcache.test";
    static final String AUDIENCE = "colorcache";
    /**
     * The issuer's key pair, made once per JVM and shared through files: Quarkus asks the profile
     * more than once, and the profile and the test live in different class loaders.
     */
    static final Path SIGNING_KEY = Path.of(System.getProperty("java.io.tmpdir"),
            "colorcache-oidc-key-" + ProcessHandle.current().pid() + ".der");
    static final Path VERIFYING_KEY = SIGNING_KEY.resolveSibling(SIGNING_KEY.getFileName() + ".pub");

    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (!Files.exists(VERIFYING_KEY)) {
                    KeyPair pair = newKeyPair();
                    Files.write(SIGNING_KEY, pair.getPrivate().getEncoded());
                    Files.write(VERIFYING_KEY, pair.getPublic().getEncoded());
                }
                String publicKey = Base64.getEncoder().encodeToString(Files.readAllBytes(VERIFYING_KEY));
                return Map.of("colorcache.auth.mode", "oidc", "colorcache.auth.oidc.tenant-claim", "org",
                        "quarkus.oidc.tenant-enabled", "true", "quarkus.oidc.public-key", publicKey,
                        "quarkus.oidc.token.issuer", ISSUER, "quarkus.oidc.token.audience", AUDIENCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey issuerKey() throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(SIGNING_KEY)));
    }

    private static String token(PrivateKey key, String issuer, Map<String, Object> claims, float minutesLeft)
            throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(issuer, claims, minutesLeft));
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    /** A token that names no algorithm and carries no signature ({@code alg: none}). */
    private static String unsigned(Map<String, Object> claims) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(ISSUER, claims, 5));
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        return jws.getCompactSerialization();
    }

    /** Key confusion: HS256 with the issuer's public key, which anyone has, as the shared secret. */
    private static String macWithPublicKey(Map<String, Object> claims) throws IOException, JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(ISSUER, claims, 5));
        jws.setDoKeyValidation(false);
        jws.setKey(new HmacKey(Files.readAllBytes(VERIFYING_KEY)));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        return jws.getCompactSerialization();
    }

    private static String claims(String issuer, Map<String, Object> claims, float minutesLeft) {
        JwtClaims body = new JwtClaims();
        body.setIssuer(issuer);
        body.setAudience(AUDIENCE);
        body.setSubject("someone@example.org");
        body.setIssuedAtToNow();
        body.setExpirationTimeMinutesInTheFuture(minutesLeft);
        claims.forEach(body::setClaim);
        return body.toJson();
    }

    private static Response lookUp(String token) {
        return given().header("Authorization", "Bearer " + token).get("/v1/results/" + Sha256.hex(new byte[] {7}));
    }

    @Test
    void aTokenOfTheIssuerNamingATenantIsAccepted() throws Exception {
        lookUp(token(issuerKey(), ISSUER, Map.of("org", "acme"), 5)).then().statusCode(404)
                .body("type", endsWith("/result-not-found"));
    }

    @Test
    void forgedExpiredOrForeignTokensGet401AndATokenWithoutTenant403() throws Exception {
        List<String> refused = List.of(
                token(newKeyPair().getPrivate(), ISSUER, Map.of("org", "acme"), 5),
                token(issuerKey(), ISSUER, Map.of("org", "acme"), -5),
                token(issuerKey(), "https://elsewhere.test", Map.of("org", "acme"), 5),
                token(issuerKey(), ISSUER, Map.of("org", "acme", "aud", "another-service"), 5),
                unsigned(Map.of("org", "acme")),
                macWithPublicKey(Map.of("org", "acme")),
                "not-a-jwt");
        for (String bad : refused) {
            lookUp(bad).then().statusCode(401).contentType("application/problem+json")
                    .body("type", endsWith("/unauthorized"))
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }
        lookUp(token(issuerKey(), ISSUER, Map.of("sub2", "x"), 5)).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("claim org"));
        lookUp(token(issuerKey(), ISSUER, Map.of("org", "not a tenant!"), 5)).then().statusCode(403);
        given().get("/v1/results/" + Sha256.hex(new byte[] {7})).then().statusCode(401)
                .body("detail", containsString("access token"));
    }
}
