package io.colorcache.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The key file's lines: what is read, and what is skipped with the reason. */
class ApiKeyFileTest {

    @Test
    void keysLimitsAndSuspensionsAreReadAndBadLinesSkippedWithTheirReason() {
        String content = String.join("\n",
                "# comment",
                "",
                ApiKeys.line("alice", "k1", ""),
                ApiKeys.line("bob", "k2", "rps=2.5,burst=4,gpu-per-day=100,upload-bytes=1000,diagnostics"),
                ApiKeys.line("mallory", "k3", "suspended"),
                "carol",
                "dave:not-a-hash",
                "bad id:" + ApiKeys.hash("k4"),
                ApiKeys.line("erin", "k5", "rps=NaN"),
                ApiKeys.line("frank", "k6", "colour=blue"),
                ApiKeys.line("grace", "k7", "gpu-per-day=-1"),
                ApiKeys.line("heidi", "k1", ""));

        ApiKeyFile file = ApiKeyFile.parse(content);

        assertThat(file.keys()).containsOnlyKeys(ApiKeys.hash("k1"), ApiKeys.hash("k2"), ApiKeys.hash("k3"));
        assertThat(file.keys().get(ApiKeys.hash("k1")).id()).as("the first line of a key wins").isEqualTo("alice");
        assertThat(file.keys().get(ApiKeys.hash("k2")).limits())
                .isEqualTo(new LimitOverrides(2.5, 4, 100L, 1000L));
        assertThat(file.keys().get(ApiKeys.hash("k2")).diagnostics()).isTrue();
        assertThat(file.keys().get(ApiKeys.hash("k1")).diagnostics()).isFalse();
        assertThat(file.keys().get(ApiKeys.hash("k3")).suspended()).isTrue();
        assertThat(file.problems()).containsExactly(
                "line 6: expected tenant-id:hex-sha256-of-the-key",
                "line 7: the key's SHA-256 is not 64 hex digits",
                "line 8: a tenant id is 1 to 64 letters, digits, '.', '_' or '-': bad id",
                "line 9: limit rps is not a number: NaN",
                "line 10: unknown limit colour (rps, burst, gpu-per-day, upload-bytes)",
                "line 11: limit gpu-per-day is negative: -1",
                "line 12: the same key is listed twice");
    }

    @Test
    void aFileEditedOnWindowsReadsTheSame() {
        String content = "\uFEFF alice : " + ApiKeys.hash("k1").toUpperCase(java.util.Locale.ROOT) + " \r\n"
                + "bob:\t" + ApiKeys.hash("k2") + " : rps=2 , diagnostics \r\n";

        ApiKeyFile file = ApiKeyFile.parse(content);

        assertThat(file.problems()).isEmpty();
        assertThat(file.keys().get(ApiKeys.hash("k1")).id()).isEqualTo("alice");
        assertThat(file.keys().get(ApiKeys.hash("k2")).id()).isEqualTo("bob");
        assertThat(file.keys().get(ApiKeys.hash("k2")).diagnostics()).isTrue();
        assertThat(file.keys().get(ApiKeys.hash("k2")).limits().requestsPerSecond()).isEqualTo(2.0);
    }

    @Test
    void callbackHostsAreNamesOrWildcardsOfSubdomains() {
        ApiKeyFile file = ApiKeyFile.parse(String.join("\n",
                ApiKeys.line("alice", "k1", "callback-hosts=Hooks.Example.com|*.example.org,rps=3"),
                ApiKeys.line("bob", "k2", "callback-hosts=http://x.example"),
                ApiKeys.line("carol", "k3", "callback-hosts=*.*.example")));
        CallbackHosts hosts = file.keys().get(ApiKeys.hash("k1")).callbackHosts();
        assertThat(hosts.permits("hooks.example.com")).isTrue();
        assertThat(hosts.permits("HOOKS.example.com.")).isTrue();
        assertThat(hosts.permits("a.b.example.org")).isTrue();
        assertThat(hosts.permits("example.org")).as("a wildcard covers subdomains only").isFalse();
        assertThat(hosts.permits("evil-example.org")).isFalse();
        assertThat(hosts.permits("hooks.example.com.evil.net")).isFalse();
        assertThat(file.keys().get(ApiKeys.hash("k1")).limits().requestsPerSecond()).isEqualTo(3.0);
        assertThat(file.problems()).hasSize(2).allSatisfy(problem -> assertThat(problem).contains("callback-hosts"));
        assertThat(CallbackHosts.ANY.permits("anything.example")).isTrue();
    }
}
