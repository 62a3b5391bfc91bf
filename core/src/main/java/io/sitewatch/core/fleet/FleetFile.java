package io.sitewatch.core.fleet;

import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fleet file (YAML): {@code sites} with their {@code devices}, and {@code operators}. The
 * format is shared with the simulator, which adds a {@code sim} block per device; keys the registry
 * does not know are ignored. See docs/fleet-file.md.
 */
public final class FleetFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public record Fleet(List<Site> sites, List<Device> devices, List<OperatorCert> operators) {
    }

    private FleetFile() {
    }

    public static Fleet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    public static Fleet read(InputStream in) throws IOException {
        JsonNode root = YAML.readTree(in);
        List<Site> sites = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        List<OperatorCert> operators = new ArrayList<>();
        if (root == null) {
            return new Fleet(sites, devices, operators);
        }
        for (JsonNode s : root.path("sites")) {
            JsonNode e = s.path("enterprise");
            sites.add(new Site(text(s, "siteId"), text(s, "name"), text(s, "region"),
                    e.isObject() ? new Enterprise(text(e, "code"), text(e, "name")) : null,
                    text(s, "kind"), text(s, "timezone"),
                    s.hasNonNull("costCny") ? new BigDecimal(s.get("costCny").asText()) : null,
                    text(s, "startDate"), text(s, "endDate"), s.hasNonNull("params") ? s.get("params") : null));
            for (JsonNode d : s.path("devices")) {
                devices.add(new Device(text(d, "deviceId"), text(s, "siteId"), text(d, "kind"), text(d, "name"),
                        d.path("periodS").asInt(0), d.hasNonNull("params") ? d.get("params") : null));
            }
        }
        for (JsonNode o : root.path("operators")) {
            operators.add(new OperatorCert(text(o, "certNo"), text(o, "name"), text(o, "kind"),
                    text(o, "validFrom"), text(o, "validTo")));
        }
        return new Fleet(sites, devices, operators);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
