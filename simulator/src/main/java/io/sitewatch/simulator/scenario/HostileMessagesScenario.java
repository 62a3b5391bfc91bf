package io.sitewatch.simulator.scenario;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.SiteSpec;
import io.sitewatch.simulator.run.RawMessage;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A normal day plus, from 10:00:00 local, one malformed or hostile message per second, in the
 * order below (each line: what is sent → what the wire protocol says must happen). Valid ones are
 * marked "accepted"; all others must be dead-lettered with that reason while traffic continues.
 * The full table is in simulator/README.md and each message's {@link RawMessage#why()}.
 */
public final class HostileMessagesScenario implements Scenario {
    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public String summary() {
        return "from 10:00, one malformed/hostile message per second (bad JSON, limits, topics, injection)";
    }

    @Override
    public ScenarioPlan plan(Fleet fleet, SiteSpec site, LocalDate firstDay) {
        SiteDay d = new SiteDay(site, firstDay);
        String crane = d.device("tower_crane");
        String rec = d.device("recorder");
        String craneTel = topic(site.siteId(), crane, "telemetry");
        String recEvent = topic(site.siteId(), rec, "event");
        String ghost = site.siteId() + "-GHOST99";
        List<RawMessage> out = new ArrayList<>();
        long t = d.at(10, 0);
        int i = 0;
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\": " + t + ", \"values\": {\"load_t\": 1.2", "bad JSON (truncated) → rejected: bad_json"));
        out.add(text(t + 1000L * i++, crane, craneTel, "\"hello\"", "JSON string, not object/array → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"seq\":1,\"values\":{\"load_t\":1.0}}", "missing ts → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":\"" + (t + 3000) + "\",\"values\":{\"load_t\":1.0}}", "ts is a string → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 4000) + ",\"values\":{}}", "empty values → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 5000) + ",\"values\":{\"load_t\":\"heavy\"}}", "listed metric not a number → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 6000) + ",\"values\":{\"load_t\":2.0,\"moment_pct\":500.0}}", "moment_pct 500 out of range 0-300 → rejected (whole message)"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 7000 + 3650L * 86_400_000) + ",\"values\":{\"load_t\":1.0}}", "ts 10 years ahead → rejected: future ts"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 8000) + ",\"values\":{\"load_t\":NaN}}", "NaN literal is not JSON → rejected: bad_json"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 9000) + ",\"values\":{\"load_t\":1e400}}", "1e400 overflows a double → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, oversized(t + 10_000), "70 000-byte payload > 64 KiB → rejected: too large"));
        out.add(text(t + 1000L * i++, crane, craneTel, tooManySamples(t + 11_000), "array of 1001 samples > 1000 → rejected"));
        out.add(text(t + 1000L * i++, crane, craneTel, "[".repeat(5000) + "]".repeat(5000), "5000-deep nesting (parser bomb) → rejected, service keeps running"));
        out.add(new RawMessage(t + 1000L * i++, crane, craneTel, new byte[] {'{', '"', 't', 's', '"', ':', (byte) 0xC3, (byte) 0x28, '}'}, 1, "invalid UTF-8 → rejected: bad_json"));
        out.add(text(t + 1000L * i++, ghost, topic(site.siteId(), ghost, "telemetry"), "{\"ts\":" + (t + 14_000) + ",\"values\":{\"load_t\":1.0}}", "unknown device " + ghost + " → rejected: unknown device"));
        out.add(text(t + 1000L * i++, crane, topic("OTHER-SITE-01", crane, "telemetry"), "{\"ts\":" + (t + 15_000) + ",\"values\":{\"load_t\":1.0}}", "device under a site it is not registered for → rejected"));
        out.add(text(t + 1000L * i++, crane, "sitewatch/v1/" + site.siteId() + "/" + crane + "/extra/telemetry", "{\"ts\":" + (t + 16_000) + ",\"values\":{\"load_t\":1.0}}", "bad topic (extra level) → rejected: bad topic"));
        out.add(text(t + 1000L * i++, crane, "sitewatch/v1/" + site.siteId() + "/bad$id/telemetry", "{\"ts\":" + (t + 17_000) + ",\"values\":{\"load_t\":1.0}}", "bad topic (device id with $) → rejected: bad topic"));
        out.add(text(t + 1000L * i++, rec, recEvent, "{\"ts\":" + (t + 18_000) + ",\"type\":\"hazard_report\",\"data\":{\"officer_id\":\"x'); DROP TABLE alarm;--\",\"category\":\"<script>alert(1)</script>\",\"level\":\"general\",\"text\":\"\\u0007\\u202e注入测试\",\"photo_sha256\":\"00\"}}", "injection-looking strings in a valid event → accepted, stored verbatim as text"));
        out.add(text(t + 1000L * i++, rec, recEvent, "{\"ts\":" + (t + 19_000) + ",\"type\":\"self_destruct\",\"data\":{}}", "unknown event type → per service policy (dead-letter or kept as unknown)"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 20_000) + ",\"seq\":7,\"values\":{\"load_t\":1.5,\"wind_ms\":3.0}}", "valid sample → accepted"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 20_000) + ",\"seq\":7,\"values\":{\"load_t\":1.5,\"wind_ms\":3.0}}", "exact duplicate of the previous sample (same ts) → stored once"));
        out.add(text(t + 1000L * i++, crane, craneTel, "{\"ts\":" + (t + 22_000) + ",\"values\":{\"load_t\":1.5,\"firmware_temp_c\":41.0}}", "unlisted metric firmware_temp_c → accepted and counted, not an error"));
        out.add(text(t + 1000L * i++, d.device("gondola"), topic(site.siteId(), d.device("gondola"), "telemetry"), "{\"ts\":" + (t + 23_000) + ",\"values\":{\"fall_arrest\":false,\"people\":1}}", "flag as JSON false → accepted, read as 0"));
        out.add(text(t + 1000L * i++, rec, recEvent, "{\"ts\":" + (t + 24_000) + ",\"type\":\"hazard_report\",\"data\":{\"officer_id\":\"x\",\"category\":\"c\",\"level\":\"general\",\"text\":\"a\\u0000b\",\"photo_sha256\":\"00\"}}", "NUL character in a text field (a database cannot hold it) → rejected: bad value, the messages after it unaffected"));
        return new ScenarioPlan(List.of(), out);
    }

    private static RawMessage text(long ts, String clientId, String topic, String payload, String why) {
        return new RawMessage(ts, clientId, topic, payload.getBytes(StandardCharsets.UTF_8), 1, why);
    }

    private static String topic(String site, String device, String channel) {
        return "sitewatch/v1/" + site + "/" + device + "/" + channel;
    }

    private static String oversized(long ts) {
        StringBuilder b = new StringBuilder("{\"ts\":").append(ts).append(",\"values\":{\"load_t\":1.0");
        int n = 0;
        while (b.length() < 70_000) {
            b.append(",\"pad_").append(n++).append("\":0");
        }
        return b.append("}}").toString();
    }

    private static String tooManySamples(long ts) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < 1001; k++) {
            b.append(k == 0 ? "" : ",").append("{\"ts\":").append(ts + k).append(",\"values\":{\"load_t\":1}}");
        }
        return b.append("]").toString();
    }
}
