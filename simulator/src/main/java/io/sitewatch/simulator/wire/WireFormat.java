package io.sitewatch.simulator.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders the payloads of wire protocol v1 (telemetry sample, backlog array, event, status). */
public final class WireFormat {
    /** The protocol's limits for one backlog message. */
    public static final int MAX_SAMPLES_PER_ARRAY = 1000;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private WireFormat() {
    }

    public static String sample(long ts, long seq, Readings values) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("ts").value(ts)
                .name("seq").value(seq)
                .name("values").beginObject();
        for (Reading r : values.asList()) {
            json.name(r.metric()).value(r.value(), r.decimals());
        }
        return json.endObject().endObject().toString();
    }

    /** A store-and-forward flush: already rendered samples joined into one JSON array. */
    public static String array(List<String> renderedSamples) {
        JsonWriter json = new JsonWriter().beginArray();
        renderedSamples.forEach(json::raw);
        return json.endArray().toString();
    }

    public static String event(long ts, String type, EventData data) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("ts").value(ts)
                .name("type").value(type)
                .name("data");
        data.writeTo(json);
        return json.endObject().toString();
    }

    public static String online(long ts) {
        return new JsonWriter().beginObject().name("online").value(true).name("ts").value(ts).endObject().toString();
    }

    /** The last will: no ts, because the broker sends it when the device can no longer say when. */
    public static String willOffline() {
        return new JsonWriter().beginObject().name("online").value(false).endObject().toString();
    }

    public static String offline(long ts) {
        return new JsonWriter().beginObject().name("online").value(false).name("ts").value(ts).endObject().toString();
    }

    /**
     * A device going off on purpose (wire protocol 1.1): {@code power_off} after the shift or while
     * charging, {@code maintenance}, or {@code dismantled}; no fault, no offline alarm.
     */
    public static String off(long ts, String reason) {
        return new JsonWriter().beginObject().name("online").value(false).name("ts").value(ts)
                .name("reason").value(reason).endObject().toString();
    }

    public static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
