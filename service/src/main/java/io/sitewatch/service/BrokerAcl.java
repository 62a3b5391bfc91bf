package io.sitewatch.service;

import io.sitewatch.core.model.Topic;
import io.sitewatch.core.registry.Device;
import java.util.Comparator;
import java.util.List;

/**
 * Mosquitto's ACL file for the registered devices: one {@code user} block per device that lets it
 * publish under {@code sitewatch/v1/<its site>/<its id>/#} and nothing else (the protocol sends
 * devices nothing, so they may not subscribe), and the SiteWatch account that reads every device
 * topic, plainly or through {@code $share/<group>/...}.
 *
 * <p>Explicit blocks rather than one {@code pattern sitewatch/v1/+/%u/#}: the pattern would let a
 * device publish under any site with its own id; SiteWatch would dead-letter that as
 * {@code wrong_site}, but the broker would still carry it. A block per device names the site, so
 * the broker refuses it.
 */
final class BrokerAcl {

    private BrokerAcl() {
    }

    /** The file's text. */
    static String render(String serviceUser, List<Device> devices) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by `sitewatch broker-credentials` from the device registry; rewritten at every run,\n")
                .append("# so edit the registry, not this file (docs/broker.md).\n\n")
                .append("# SiteWatch's consumer: every device topic (a shared subscription $share/<group>/... included).\n")
                .append("user ").append(serviceUser).append('\n')
                .append("topic read ").append(Topic.PREFIX).append("#\n");
        devices.stream().sorted(Comparator.comparing(Device::siteId).thenComparing(Device::deviceId)).forEach(d -> b
                .append("\nuser ").append(d.deviceId()).append('\n')
                .append("topic write ").append(Topic.PREFIX).append(d.siteId()).append('/').append(d.deviceId()).append("/#\n"));
        return b.toString();
    }
}
