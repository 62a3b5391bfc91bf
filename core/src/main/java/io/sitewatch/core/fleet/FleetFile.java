package io.sitewatch.core.fleet;

import io.sitewatch.core.model.Topic;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import io.sitewatch.core.registry.Enterprise;
import io.sitewatch.core.registry.OperatorCert;
import io.sitewatch.core.registry.Site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reader of the fleet file (YAML, docs/fleet-file.md): {@code sites} with their
 * {@code devices}, and {@code operators}, as the registry's records; each site and device keeps its
 * simulator-only {@code sim} block. Keys it does not know are ignored. Both readers of the format
 * use it: the service imports what {@link #read} gives (its registry checks every entry), the
 * simulator takes {@link #readChecked}, which refuses an entry that breaks the format and names it.
 */
public final class FleetFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern REGION = Pattern.compile("\\d{6}");

    /** A device as the file has it: the registry's record and its {@code sim} block (missing when absent). */
    public record DeviceEntry(Device device, JsonNode sim) {
    }

    /** A site as the file has it: the registry's record, its devices and its {@code sim} block. */
    public record SiteEntry(Site site, List<DeviceEntry> devices, JsonNode sim) {
    }

    /** What a fleet file holds, in the file's order. */
    public record Fleet(List<SiteEntry> entries, List<OperatorCert> operators) {

        public List<Site> sites() {
            return entries.stream().map(SiteEntry::site).toList();
        }

        public List<Device> devices() {
            return entries.stream().flatMap(s -> s.devices().stream()).map(DeviceEntry::device).toList();
        }
    }

    private FleetFile() {
    }

    public static Fleet read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    /** Reads what the file says; a value that is missing or null is null in the records. */
    public static Fleet read(InputStream in) throws IOException {
        return entries(YAML.readTree(in), "fleet file");
    }

    /** Reads the file and checks it against the format; a {@link FleetFileException} names the first bad entry. */
    public static Fleet readChecked(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readChecked(in, file.toString());
        } catch (IOException e) {
            throw new FleetFileException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Like {@link #readChecked(Path)}; {@code origin} names the source in messages. */
    public static Fleet readChecked(InputStream in, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new FleetFileException("cannot read " + origin + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FleetFileException(origin + ": expected a map with 'sites' and 'operators'");
        }
        Fleet fleet = entries(root, origin);
        check(fleet, origin);
        return fleet;
    }

    private static Fleet entries(JsonNode root, String origin) {
        List<SiteEntry> sites = new ArrayList<>();
        List<OperatorCert> operators = new ArrayList<>();
        if (root == null) {
            return new Fleet(sites, operators);
        }
        for (JsonNode s : root.path("sites")) {
            String siteId = text(s, "siteId");
            JsonNode e = s.path("enterprise");
            Site site = new Site(siteId, text(s, "name"), text(s, "region"),
                    e.isObject() ? new Enterprise(text(e, "code"), text(e, "name")) : null,
                    text(s, "kind"), text(s, "timezone"), cost(s, origin + " site " + siteId),
                    text(s, "startDate"), text(s, "endDate"), s.hasNonNull("params") ? s.get("params") : null);
            List<DeviceEntry> devices = new ArrayList<>();
            for (JsonNode d : s.path("devices")) {
                devices.add(new DeviceEntry(new Device(text(d, "deviceId"), siteId, text(d, "kind"), text(d, "name"),
                        d.path("periodS").asInt(0), d.hasNonNull("params") ? d.get("params") : null), sim(d)));
            }
            sites.add(new SiteEntry(site, List.copyOf(devices), sim(s)));
        }
        for (JsonNode o : root.path("operators")) {
            operators.add(new OperatorCert(text(o, "certNo"), text(o, "name"), text(o, "kind"),
                    text(o, "validFrom"), text(o, "validTo")));
        }
        return new Fleet(List.copyOf(sites), List.copyOf(operators));
    }

    /** The format's rules, each entry in the file's order, all device ids once. */
    private static void check(Fleet fleet, String origin) {
        Set<String> kinds = WireProtocol.v1().kindNames();
        Set<String> deviceIds = new HashSet<>();
        for (SiteEntry entry : fleet.entries()) {
            Site s = entry.site();
            String where = origin + " site " + orUnknown(s.siteId());
            id(s.siteId(), "siteId", where);
            String region = required(s.region(), "region", where);
            if (!REGION.matcher(region).matches()) {
                throw new FleetFileException(where + ": region must be a 6-digit 行政区划 code, got " + region);
            }
            try {
                ZoneId.of(s.timezone());
            } catch (DateTimeException e) {
                throw new FleetFileException(where + ": bad timezone " + s.timezone());
            }
            for (DeviceEntry de : entry.devices()) {
                Device d = de.device();
                String at = where + " device " + orUnknown(d.deviceId());
                String kind = required(d.kind(), "kind", at);
                if (!kinds.contains(kind)) {
                    throw new FleetFileException(at + ": unknown kind " + kind + ", expected one of " + kinds);
                }
                if (d.periodS() <= 0) {
                    throw new FleetFileException(at + ": periodS must be a positive number of seconds");
                }
                id(d.deviceId(), "deviceId", at);
            }
            optionalDate(s.startDate(), "startDate", where);
            optionalDate(s.endDate(), "endDate", where);
            for (DeviceEntry de : entry.devices()) {
                if (!deviceIds.add(de.device().deviceId())) {
                    throw new FleetFileException(origin + ": device " + de.device().deviceId() + " appears twice");
                }
            }
        }
        for (OperatorCert o : fleet.operators()) {
            String where = origin + " operator " + orUnknown(o.certNo());
            required(o.certNo(), "certNo", where);
            required(o.name(), "name", where);
            required(o.kind(), "kind", where);
            date(o.validFrom(), "validFrom", where);
            date(o.validTo(), "validTo", where);
        }
    }

    private static void id(String value, String key, String where) {
        required(value, key, where);
        if (!Topic.isValidId(value)) {
            throw new FleetFileException(where + ": " + key + " must be 1-64 of [A-Za-z0-9_-], got '" + value + "'");
        }
    }

    private static String required(String value, String key, String where) {
        if (value == null || value.isBlank()) {
            throw new FleetFileException(where + ": missing " + key);
        }
        return value;
    }

    private static void date(String value, String key, String where) {
        required(value, key, where);
        optionalDate(value, key, where);
    }

    private static void optionalDate(String value, String key, String where) {
        if (value == null) {
            return;
        }
        try {
            LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new FleetFileException(where + ": " + key + " must be YYYY-MM-DD, got " + value);
        }
    }

    private static BigDecimal cost(JsonNode site, String where) {
        if (!site.hasNonNull("costCny")) {
            return null;
        }
        try {
            return new BigDecimal(site.get("costCny").asText());
        } catch (NumberFormatException e) {
            throw new FleetFileException(where + ": costCny must be a number, got " + site.get("costCny").asText());
        }
    }

    private static JsonNode sim(JsonNode node) {
        JsonNode sim = node.get("sim");
        return sim == null ? MissingNode.getInstance() : sim;
    }

    private static String orUnknown(String id) {
        return id == null ? "?" : id;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
