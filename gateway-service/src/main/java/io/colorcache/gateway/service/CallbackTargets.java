package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a callback URL may lead. The URL must be absolute http(s) with a host; every address its
 * host resolves to must pass the {@link AddressPolicy} (one bad record refuses the URL, so a name
 * cannot mix a public and an internal address), and the delivery connects to the address checked
 * here, so a DNS answer that changes afterwards (rebinding) cannot redirect it. Through an egress
 * proxy, the proxy resolves and enforces; address literals are still checked here.
 */
@ApplicationScoped
public class CallbackTargets {

    /** A checked callback: its URL, and the address to connect to (null: through the proxy). */
    public record Target(URI url, InetAddress address) {
    }

    /** A callback URL refused, with why. */
    public static final class RefusedTarget extends RuntimeException {
        public RefusedTarget(String message) {
            super(message, null, false, false);
        }
    }

    private final AddressPolicy policy;
    private final boolean proxied;
    private final Vertx vertx;

    public CallbackTargets(GatewayConfig gateway, Vertx vertx) {
        GatewayConfig.Callback config = gateway.callback();
        this.policy = new AddressPolicy(config.blockedCidrs().orElse(List.of()),
                config.allowedCidrs().orElse(List.of()));
        this.proxied = config.proxy().isPresent();
        this.vertx = vertx;
    }

    /** The URL checked and its host resolved; fails with {@link RefusedTarget}. */
    public Uni<Target> check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Uni.createFrom().failure(new RefusedTarget("callbackUrl is not a URL: " + url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return Uni.createFrom().failure(new RefusedTarget(
                    "callbackUrl must be an absolute http or https URL with a host and no user info: " + url));
        }
        String host = uri.getHost();
        boolean literal = host.startsWith("[") || host.matches("[0-9.]+");
        if (proxied && !literal) {
            return Uni.createFrom().item(new Target(uri, null));
        }
        // InetAddress resolves with the JVM's resolver (and its hosts file); it blocks, so off the event loop.
        return vertx.executeBlocking(() -> resolve(host), false)
                .map(addresses -> new Target(uri, allowed(host, addresses)));
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the callback host " + host + " does not resolve");
        }
    }

    private InetAddress allowed(String host, InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            String refusal = policy.refusal(address);
            if (refusal != null) {
                throw new RefusedTarget("callbackUrl host " + host + " is refused: " + refusal);
            }
        }
        return proxied ? null : addresses[0];
    }
}
