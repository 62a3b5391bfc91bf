package io.sitewatch.ingest.store;

import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.model.Sample;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row per sample, {@code telemetry_sample (ts, device_no, metric_set, vals)}: the plain
 * PostgreSQL layout. A crane message of seven metrics is one primary-key entry instead of seven,
 * and the device and the metric names are numbers, so a row is a timestamp, two integers and the
 * values in metric-number order (docs/architecture.md, docs/benchmarks.md).
 */
final class SampleRowEncoder implements TelemetryEncoder {

    private final CopyBuffer copy = new CopyBuffer();
    private final KeyNumbers<String> metrics;
    private final KeyNumbers<String> devices;
    private final KeyNumbers<MetricSet> sets;
    private final MetricSet probe = new MetricSet(16);
    private int[] ids = new int[16];
    private double[] vals = new double[16];
    private final Set<String> newMetrics = new LinkedHashSet<>();
    private final Set<String> newDevices = new LinkedHashSet<>();
    private final Set<MetricSet> newSets = new LinkedHashSet<>();
    private long rows;
    private long values;

    SampleRowEncoder(KeyNumbers<String> metrics, KeyNumbers<String> devices, KeyNumbers<MetricSet> sets) {
        this.metrics = metrics;
        this.devices = devices;
        this.sets = sets;
    }

    @Override
    public String table() {
        return "telemetry_sample";
    }

    @Override
    public String columns() {
        return "(ts, device_no, metric_set, vals)";
    }

    @Override
    public String stageColumns() {
        return "ts timestamptz, device_no integer, metric_set integer, vals double precision[]";
    }

    @Override
    public String valuesPerRow() {
        return "cardinality(vals)";
    }

    /**
     * A key seen for the first time stops the pass; its number is created and the batch is encoded
     * again. Metric numbers come first because a metric set is made of them.
     */
    @Override
    public void encode(Connection c, List<IngestRecord.Telemetry> messages) throws SQLException {
        while (!encodeKnown(messages)) {
            if (!newMetrics.isEmpty()) {
                metrics.register(c, newMetrics);
            } else {
                devices.register(c, newDevices);
                sets.register(c, newSets);
            }
        }
    }

    /** Encodes the batch; false, with the unknown keys collected, when a number is missing. */
    private boolean encodeKnown(List<IngestRecord.Telemetry> messages) {
        rows = 0;
        values = 0;
        copy.reset();
        newMetrics.clear();
        newDevices.clear();
        newSets.clear();
        for (IngestRecord.Telemetry t : messages) {
            int device = devices.number(t.device().deviceId());
            if (device < 0) {
                newDevices.add(t.device().deviceId());
            }
            for (Sample s : t.samples()) {
                int set = metricSet(s.values());
                if (set < 0 || device < 0) {
                    continue;
                }
                copy.tuple(4);
                copy.timestamp(s.ts());
                copy.int4(device);
                copy.int4(set);
                int n = s.values().size();
                copy.float8Array(vals, n);
                rows++;
                values += n;
            }
        }
        copy.finish();
        return newMetrics.isEmpty() && newDevices.isEmpty() && newSets.isEmpty();
    }

    /**
     * Puts the sample's metric numbers, ascending, into {@code ids} and its values in the same
     * order into {@code vals}, and returns the number of that metric set, or -1 when a metric or
     * the set is not numbered yet.
     */
    private int metricSet(Map<String, Double> sample) {
        int n = sample.size();
        if (n > ids.length) {
            ids = new int[n];
            vals = new double[n];
        }
        int i = 0;
        boolean known = true;
        for (Map.Entry<String, Double> v : sample.entrySet()) {
            int id = metrics.number(v.getKey());
            if (id < 0) {
                newMetrics.add(v.getKey());
                known = false;
                continue;
            }
            // Insertion sort: a sample holds a handful of metrics.
            double value = v.getValue();
            int at = i++;
            while (at > 0 && ids[at - 1] > id) {
                ids[at] = ids[at - 1];
                vals[at] = vals[at - 1];
                at--;
            }
            ids[at] = id;
            vals[at] = value;
        }
        if (!known) {
            return -1;
        }
        probe.set(ids, n);
        int set = sets.number(probe);
        if (set < 0) {
            newSets.add(probe.copy());
        }
        return set;
    }

    @Override
    public CopyBuffer buffer() {
        return copy;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long values() {
        return values;
    }
}
