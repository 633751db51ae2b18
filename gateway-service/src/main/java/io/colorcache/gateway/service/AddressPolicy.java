package io.colorcache.gateway.service;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses a callback may reach: never loopback, link-local (cloud metadata), private,
 * CGNAT, multicast, unspecified, broadcast, unique-local IPv6, IPv4 embedded in IPv6 to any of
 * those, nor the configured ranges (the cluster's service and pod CIDRs); except the configured
 * allowed ranges, which win.
 */
public final class AddressPolicy {

    /** Ranges no callback may reach, whatever the configuration. */
    static final List<String> ALWAYS_BLOCKED = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8");

    private final List<Cidr> blocked;
    private final List<Cidr> allowed;

    public AddressPolicy(List<String> extraBlocked, List<String> allowed) {
        List<Cidr> all = new ArrayList<>();
        ALWAYS_BLOCKED.forEach(c -> all.add(Cidr.parse(c)));
        extraBlocked.forEach(c -> all.add(Cidr.parse(c)));
        this.blocked = List.copyOf(all);
        this.allowed = allowed.stream().map(Cidr::parse).toList();
    }

    /** Why a callback may not reach this address; null when it may. */
    public String refusal(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        for (Cidr range : allowed) {
            if (range.contains(effective)) {
                return null;
            }
        }
        for (Cidr range : blocked) {
            if (range.contains(effective)) {
                return effective.getHostAddress() + " is in " + range + " (loopback, link-local, private or internal"
                        + " addresses are never called back)";
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, -compatible or NAT64 IPv6 one, else the address itself. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address range, IPv4 or IPv6. */
    record Cidr(byte[] network, int prefix, String text) {

        static Cidr parse(String cidr) {
            String spec = cidr.strip();
            int slash = spec.indexOf('/');
            String literal = slash < 0 ? spec : spec.substring(0, slash);
            // Only an address literal: InetAddress would look a name up in DNS.
            if (literal.isEmpty() || !literal.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an address range (a.b.c.d/n or x::y/n): " + cidr);
            }
            try {
                InetAddress address = InetAddress.getByName(literal);
                int bits = address.getAddress().length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(spec.substring(slash + 1));
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("prefix out of range: " + cidr);
                }
                return new Cidr(address.getAddress(), prefix, spec);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("not an address range (a.b.c.d/n or x::y/n): " + cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
