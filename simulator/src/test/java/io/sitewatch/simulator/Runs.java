package io.sitewatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.run.FleetRunner;
import io.sitewatch.simulator.scenario.ScenarioRun;
import io.sitewatch.simulator.scenario.Scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Runs scenarios on the demo fleet as fast as possible into a {@link CapturingFactory}. */
public final class Runs {
    public static final LocalDate DAY = LocalDate.of(2026, 6, 15);
    public static final String SITE = "FZ-GL-001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Runs() {
    }

    public static CapturingFactory scenario(String name, long seed) {
        Fleet fleet = Fleet.demo();
        CapturingFactory capture = new CapturingFactory();
        try {
            ScenarioRun.prepare(Scenarios.byName(name).orElseThrow(), fleet, SITE, DAY, null, seed, 0, capture).run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return capture;
    }

    /** One site of {@code fleet} from local midnight of {@code from} for {@code days} days, as fast as possible. */
    public static CapturingFactory site(Fleet fleet, String siteId, LocalDate from, int days, long seed,
                                        FleetRunner.Options options) {
        SiteSpec site = fleet.site(siteId);
        long start = from.atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        long end = from.plusDays(days).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
        CapturingFactory capture = new CapturingFactory();
        try {
            new FleetRunner(fleet.only(siteId), seed, Disturbances.NONE, List.of(), capture, start, end, 0, 1, options).run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return capture;
    }

    /** The telemetry samples a device published, unpacking backlog arrays, in publish order. */
    public static List<JsonNode> samples(CapturingFactory run, String deviceId) {
        List<JsonNode> out = new ArrayList<>();
        for (var m : run.on(deviceId + "/telemetry")) {
            JsonNode node = parse(m.text());
            if (node.isArray()) {
                node.forEach(out::add);
            } else {
                out.add(node);
            }
        }
        return out;
    }

    public static List<JsonNode> events(CapturingFactory run, String deviceId, String type) {
        return run.on(deviceId + "/event").stream().map(m -> parse(m.text()))
                .filter(e -> e.path("type").asText().equals(type)).toList();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
