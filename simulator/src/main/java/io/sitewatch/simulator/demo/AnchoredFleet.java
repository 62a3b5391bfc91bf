package io.sitewatch.simulator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sitewatch.core.fleet.FleetFileException;
import io.sitewatch.simulator.fleet.Fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The bundled demo fleet as of a date. Its file is written as of {@code sim.asOf}: the demo's
 * stories (a silent crane monitor, a typhoon stop, a registration running out, a dismantled hoist,
 * a night-work permit) sit at dates around it. Moving every date of the file by the same whole
 * number of weeks puts {@code asOf} in the last week before the anchor (the demo's first start),
 * so the stories fall in the demo's month, keep their weekdays, and every paper keeps its
 * distance to the story (an expired certificate stays expired, a valid one valid).
 */
public final class AnchoredFleet {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private AnchoredFleet() {
    }

    /** The bundled file's reference date ({@code sim.asOf}). */
    public static LocalDate asOf() {
        return LocalDate.parse(bundled().path("sim").path("asOf").asText());
    }

    /** Days every date moves: a whole number of weeks, asOf landing 0–6 days before or on the anchor. */
    public static long shiftDays(LocalDate anchor) {
        return Math.floorDiv(ChronoUnit.DAYS.between(asOf(), anchor), 7) * 7;
    }

    /** The fleet file (YAML text) as of {@code anchor}. */
    public static String fleetFile(LocalDate anchor) {
        JsonNode root = bundled();
        long shift = shiftDays(anchor);
        JsonNode moved = move(root, shift);
        try {
            return "# SiteWatch demo fleet as of " + anchor + ": the bundled fleets/demo.yaml with every date moved by "
                    + shift + " days (simulator/README.md, \"The demo\"). Written by ./sitewatch demo at each start.\n"
                    + YAML.writeValueAsString(moved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fleet as of {@code anchor}, as the simulator plays it. */
    public static Fleet fleet(LocalDate anchor) {
        return Fleet.parse(fleetFile(anchor), "demo fleet as of " + anchor);
    }

    private static JsonNode move(JsonNode node, long days) {
        if (node.isTextual() && DATE.matcher(node.asText()).matches()) {
            return new TextNode(LocalDate.parse(node.asText()).plusDays(days).toString());
        }
        if (node.isObject()) {
            ObjectNode out = ((ObjectNode) node).objectNode();
            for (var it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), move(e.getValue(), days));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = ((ArrayNode) node).arrayNode();
            node.forEach(n -> out.add(move(n, days)));
            return out;
        }
        return node;
    }

    private static JsonNode bundled() {
        try (InputStream in = AnchoredFleet.class.getResourceAsStream(Fleet.DEMO_RESOURCE)) {
            if (in == null) {
                throw new FleetFileException("no classpath resource " + Fleet.DEMO_RESOURCE);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
