package io.sitewatch.simulator.run;

import io.sitewatch.simulator.wire.WireFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Store-and-forward buffer of a device that lost its connection: samples kept in order, flushed on
 * reconnection as JSON arrays that respect the protocol's 1000-sample and 64 KiB limits.
 */
final class Backlog {
    /** Leaves room for the array brackets and commas. */
    private static final int BYTE_BUDGET = WireFormat.MAX_PAYLOAD_BYTES - 1024;

    private final List<String> samples = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    void addSample(String json) {
        samples.add(json);
    }

    void addEvent(String json) {
        events.add(json);
    }

    int sampleCount() {
        return samples.size();
    }

    boolean isEmpty() {
        return samples.isEmpty() && events.isEmpty();
    }

    /** The buffered samples as array payloads, oldest first; empties the sample buffer. */
    List<String> takeSampleArrays() {
        List<String> arrays = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int bytes = 2;
        for (String s : samples) {
            int size = s.getBytes(StandardCharsets.UTF_8).length + 1;
            if (!chunk.isEmpty() && (chunk.size() == WireFormat.MAX_SAMPLES_PER_ARRAY || bytes + size > BYTE_BUDGET)) {
                arrays.add(WireFormat.array(chunk));
                chunk = new ArrayList<>();
                bytes = 2;
            }
            chunk.add(s);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            arrays.add(WireFormat.array(chunk));
        }
        samples.clear();
        return arrays;
    }

    List<String> takeEvents() {
        List<String> out = List.copyOf(events);
        events.clear();
        return out;
    }
}
