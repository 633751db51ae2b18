package io.colorcache.inference.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** The consumer name of this process in the group: configured, else the host (pod) name. */
final class ConsumerName {

    private ConsumerName() {
    }

    static String resolve(Optional<String> configured) {
        return configured.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank()))
                .orElseGet(ConsumerName::hostName);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker-" + ProcessHandle.current().pid();
        }
    }
}
