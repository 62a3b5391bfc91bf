package io.sitewatch.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the shared fleet YAML format (see simulator/README.md). Reads the tree rather than binding
 * classes, so keys this version does not know (the service may add some) are simply ignored.
 */
public final class FleetFile {
    /** The bundled demo fleet, what {@code ./sitewatch demo} runs. */
    public static final String DEMO_RESOURCE = "/fleets/demo.yaml";

    static final Set<String> DEVICE_KINDS =
            Set.of("tower_crane", "hoist", "gondola", "env", "pit", "formwork", "recorder");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern REGION = Pattern.compile("\\d{6}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private FleetFile() {
    }

    public static Fleet read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new FleetFileException("cannot read fleet file " + file + ": " + e.getMessage(), e);
        }
    }

    public static Fleet readResource(String resource) {
        try (InputStream in = FleetFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FleetFileException("no classpath resource " + resource);
            }
            return read(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new FleetFileException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    public static Fleet demo() {
        return readResource(DEMO_RESOURCE);
    }

    static Fleet read(InputStream in, String origin) throws IOException {
        JsonNode root = YAML.readTree(in);
        if (root == null || !root.isObject()) {
            throw new FleetFileException(origin + ": expected a map with 'sites' and 'operators'");
        }
        List<SiteSpec> sites = new ArrayList<>();
        Set<String> deviceIds = new HashSet<>();
        for (JsonNode s : root.path("sites")) {
            SiteSpec site = site(s, origin + " site " + s.path("siteId").asText("?"));
            for (DeviceSpec d : site.devices()) {
                if (!deviceIds.add(d.deviceId())) {
                    throw new FleetFileException(origin + ": device " + d.deviceId() + " appears twice");
                }
            }
            sites.add(site);
        }
        List<OperatorSpec> operators = new ArrayList<>();
        for (JsonNode o : root.path("operators")) {
            String where = origin + " operator " + o.path("certNo").asText("?");
            operators.add(new OperatorSpec(required(o, "certNo", where), required(o, "name", where),
                    required(o, "kind", where), date(o, "validFrom", where), date(o, "validTo", where)));
        }
        return new Fleet(List.copyOf(sites), List.copyOf(operators));
    }

    private static SiteSpec site(JsonNode s, String where) {
        String siteId = id(s, "siteId", where);
        String region = required(s, "region", where);
        if (!REGION.matcher(region).matches()) {
            throw new FleetFileException(where + ": region must be a 6-digit 行政区划 code, got " + region);
        }
        JsonNode ent = s.path("enterprise");
        Enterprise enterprise = new Enterprise(ent.path("code").asText(""), ent.path("name").asText(""));
        ZoneId zone;
        try {
            zone = ZoneId.of(s.path("timezone").asText("Asia/Shanghai"));
        } catch (RuntimeException e) {
            throw new FleetFileException(where + ": bad timezone " + s.path("timezone").asText());
        }
        List<DeviceSpec> devices = new ArrayList<>();
        for (JsonNode d : s.path("devices")) {
            devices.add(device(d, siteId, where + " device " + d.path("deviceId").asText("?")));
        }
        return new SiteSpec(siteId, s.path("name").asText(siteId), region, enterprise,
                s.path("kind").asText("building"), zone, s.path("costCny").asLong(0),
                optionalDate(s, "startDate", where), optionalDate(s, "endDate", where),
                List.copyOf(devices), freeForm(s.path("sim")));
    }

    private static DeviceSpec device(JsonNode d, String siteId, String where) {
        String kind = required(d, "kind", where);
        if (!DEVICE_KINDS.contains(kind)) {
            throw new FleetFileException(where + ": unknown kind " + kind + ", expected one of " + DEVICE_KINDS);
        }
        int period = d.path("periodS").asInt(0);
        if (period <= 0) {
            throw new FleetFileException(where + ": periodS must be a positive number of seconds");
        }
        String deviceId = id(d, "deviceId", where);
        return new DeviceSpec(deviceId, siteId, kind, d.path("name").asText(deviceId), period,
                freeForm(d.path("params")), freeForm(d.path("sim")));
    }

    private static String id(JsonNode node, String key, String where) {
        String value = required(node, key, where);
        if (!ID.matcher(value).matches()) {
            throw new FleetFileException(where + ": " + key + " must be 1-64 of [A-Za-z0-9_-], got '" + value + "'");
        }
        return value;
    }

    private static String required(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new FleetFileException(where + ": missing " + key);
        }
        return v.asText();
    }

    private static LocalDate date(JsonNode node, String key, String where) {
        String text = required(node, key, where);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new FleetFileException(where + ": " + key + " must be YYYY-MM-DD, got " + text);
        }
    }

    private static LocalDate optionalDate(JsonNode node, String key, String where) {
        return node.hasNonNull(key) ? date(node, key, where) : null;
    }

    @SuppressWarnings("unchecked")
    private static FreeForm freeForm(JsonNode node) {
        if (node == null || !node.isObject()) {
            return FreeForm.EMPTY;
        }
        return new FreeForm(YAML.convertValue(node, LinkedHashMap.class));
    }
}
