package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the pods may connect, evaluated as a NetworkPolicy implementation would: the gateway's
 * callbacks reach public addresses only (or only the egress proxy), the workers reach the model's
 * host, the warmer nothing but DNS and Redis; every pod reaches the bundled Redis by selector.
 */
class ChartEgressTest {

    private static final Map<String, Object> CALLBACKS = Map.of("gateway.callbackSecret", "callback-secret");
    private static final List<String> INSIDE = List.of("127.0.0.1", "10.3.0.10", "172.20.1.1", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "224.0.0.1", "::1", "fd00::1", "fe80::1");
    private static final String PUBLIC = "93.184.216.34";

    private static NetworkPolicy policy(Map<String, Object> sets, String name) {
        return RenderedManifests.parse(ChartFixture.template(ChartFixture.DEFAULTS, sets)).named(NetworkPolicy.class, name);
    }

    /** Whether some egress rule lets the pod open a TCP connection to this address and port. */
    static boolean allows(NetworkPolicy policy, String address, int port) {
        for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
            boolean portAllowed = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream()
                    .anyMatch(p -> !"UDP".equals(p.getProtocol()) && p.getPort().getIntVal() != null
                            && p.getPort().getIntVal() == port);
            boolean addressAllowed = rule.getTo() == null || rule.getTo().isEmpty()
                    || rule.getTo().stream().anyMatch(peer -> inBlock(peer, address));
            if (portAllowed && addressAllowed) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(NetworkPolicyPeer peer, String address) {
        if (peer.getIpBlock() == null || !contains(peer.getIpBlock().getCidr(), address)) {
            return false;
        }
        List<String> except = peer.getIpBlock().getExcept();
        return except == null || except.stream().noneMatch(cidr -> contains(cidr, address));
    }

    static boolean contains(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(cidr + " / " + address, e);
        }
    }

    private static boolean reachesPods(NetworkPolicy policy, Map<String, String> labels, int port) {
        return policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getPorts().stream()
                .anyMatch(p -> p.getPort().getIntVal() == port) && rule.getTo() != null && rule.getTo().stream()
                .anyMatch(peer -> peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                        && LabelSelectors.matches(peer.getPodSelector(), labels)));
    }

    @Test
    void gatewayCallbacksReachPublicAddressesOnlyAndNeverTheClusterOrMetadata() {
        NetworkPolicy gateway = policy(CALLBACKS, "colorcache-gateway");
        assertThat(gateway.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(allows(gateway, PUBLIC, 443)).isTrue();
        assertThat(allows(gateway, "2606:2800:220:1::1", 443)).isTrue();
        assertThat(allows(gateway, PUBLIC, 22)).as("only the callback ports").isFalse();
        for (String inside : INSIDE) {
            assertThat(allows(gateway, inside, 443)).as(inside).isFalse();
        }
        NetworkPolicy blocked = policy(Map.of("gateway.callbackSecret", "callback-secret",
                "gateway.callbackBlockedCidrs[0]", "93.184.216.0/24", "gateway.callbackBlockedCidrs[1]", "2001:db8::/32",
                "gateway.callbackBlockedCidrs[2]", "8.8.4.4"), "colorcache-gateway");
        assertThat(allows(blocked, PUBLIC, 443)).as("the cluster's public CIDRs, when configured").isFalse();
        assertThat(allows(blocked, "2001:db8::5", 443)).isFalse();
        assertThat(allows(blocked, "8.8.4.4", 443)).as("a single address").isFalse();
        assertThat(allows(blocked, "8.8.8.8", 443)).isTrue();
    }

    @Test
    void withAnEgressProxyCallbacksGoThroughItAlone() {
        NetworkPolicy gateway = policy(Map.of("gateway.callbackSecret", "callback-secret",
                "gateway.callbackProxy", "smokescreen.egress:4750"), "colorcache-gateway");
        assertThat(allows(gateway, PUBLIC, 443)).isFalse();
        assertThat(allows(gateway, "10.3.0.10", 4750)).as("the proxy's port, any address by default").isTrue();
        assertThat(allows(gateway, "10.3.0.10", 443)).isFalse();
    }

    @Test
    void withoutCallbacksTheGatewayReachesOnlyDnsAndRedis() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        NetworkPolicy gateway = manifests.named(NetworkPolicy.class, "colorcache-gateway");
        assertThat(allows(gateway, PUBLIC, 443)).isFalse();
        Map<String, String> redisPod = manifests.podTemplates().get("colorcache-redis").getMetadata().getLabels();
        for (String component : List.of("colorcache-gateway", "colorcache-inference", "colorcache-cache-warmer")) {
            NetworkPolicy policy = manifests.named(NetworkPolicy.class, component);
            assertThat(reachesPods(policy, redisPod, 6379)).as(component + " to Redis").isTrue();
            assertThat(policy.getSpec().getEgress()).as(component + " to DNS").anySatisfy(rule -> assertThat(
                    rule.getPorts()).anySatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(53)));
        }
        assertThat(allows(manifests.named(NetworkPolicy.class, "colorcache-cache-warmer"), PUBLIC, 443)).isFalse();
    }

    @Test
    void workersReachTheModelHostOnlyWhenTheyDownloadIt() {
        NetworkPolicy downloading = policy(Map.of(), "colorcache-inference");
        assertThat(allows(downloading, PUBLIC, 443)).isTrue();
        assertThat(allows(downloading, "169.254.169.254", 80)).isFalse();
        NetworkPolicy fromVolume = policy(Map.of("model.source", "pvc", "model.existingClaim", "models"),
                "colorcache-inference");
        assertThat(allows(fromVolume, PUBLIC, 443)).isFalse();
    }

    @Test
    void anExternalRedisIsReachedOnItsPortsOnly() {
        NetworkPolicy gateway = RenderedManifests.parse(ChartFixture.template("external-redis-values.yaml", Map.of()))
                .named(NetworkPolicy.class, "colorcache-gateway");
        assertThat(allows(gateway, "10.3.0.10", 6379)).isTrue();
        assertThat(allows(gateway, "10.3.0.10", 5432)).isFalse();
    }

    @Test
    void theCidrArithmeticHoldsForBothFamilies() {
        assertThat(contains("10.0.0.0/8", "10.255.1.1")).isTrue();
        assertThat(contains("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(contains("fc00::/7", "fd12::1")).isTrue();
        assertThat(contains("0.0.0.0/0", "::1")).isFalse();
    }
}
