package io.sitewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The soak's eyes (issue 19 item 2): every {@code sampleMs} reads the service's /metrics and its
 * process (/proc: threads, open files, resident memory); at the end of each interval forces a full
 * collection ({@code jcmd <pid> GC.run}) so that "heap after GC" is the live data, not whatever the
 * young generation held, and turns the cumulative histograms into that interval's percentiles. At
 * the end: one row per interval and the slope of each resource over the run by least squares, with
 * a verdict on whether it is flat.
 */
final class SoakSampler implements AutoCloseable {

    /** Growth over the whole run, as a share of the mean, under which a series counts as flat. */
    static final double FLAT_SHARE = 0.05;

    private final ServiceApi api;
    private final LongSupplier pid;
    private final long sampleMs;
    private final long intervalMs;
    private final Path csv;
    private final Thread thread;
    private final List<Interval> intervals = new ArrayList<>();
    private volatile boolean stopped;
    private volatile String failure;

    /** One interval's figures, each at its end (queue depth: the largest sample inside it). */
    record Interval(int n, double endS, double acceptedPerS, double lagP50Ms, double lagP99Ms, double lagMaxBucketMs,
                    double alarmP50Ms, double alarmP99Ms, long alarmCount, double heapAfterGcMb, double heapUsedMaxMb,
                    double rssMb, int threads, int openFiles, double queueDepthMax, double queueDepthEnd,
                    double notificationsWaiting, double auditPending) {
    }

    SoakSampler(ServiceApi api, LongSupplier pid, long sampleMs, long intervalMs, Path csv) {
        this.api = api;
        this.pid = pid;
        this.sampleMs = sampleMs;
        this.intervalMs = intervalMs;
        this.csv = csv;
        this.thread = new Thread(this::run, "soak-sampler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long t0 = System.currentTimeMillis();
        try {
            Files.writeString(csv, "t_s,accepted_total,heap_used_mb,rss_mb,threads,open_files,queue_depth,notifications_waiting,audit_pending\n");
            Prometheus before = api.metrics();
            long intervalStart = t0;
            double queueMax = 0;
            double heapMax = 0;
            int n = 0;
            while (!stopped) {
                long next = Math.min(intervalStart + intervalMs, System.currentTimeMillis() + sampleMs);
                while (!stopped && System.currentTimeMillis() < next) {
                    Thread.sleep(Math.min(200, Math.max(1, next - System.currentTimeMillis())));
                }
                if (stopped) {
                    break;
                }
                long p = pid.getAsLong();
                Prometheus m = api.metrics();
                double heap = heapUsed(m) / 1e6;
                double queue = m.sum("sitewatch_ingest_writer_queue_depth");
                queueMax = Math.max(queueMax, queue);
                heapMax = Math.max(heapMax, heap);
                long now = System.currentTimeMillis();
                Files.writeString(csv, String.format(Locale.ROOT, "%.1f,%.0f,%.1f,%.1f,%d,%d,%.0f,%.0f,%.0f%n",
                        (now - t0) / 1000.0, m.sum("sitewatch_ingest_messages_accepted_total"), heap, rssKb(p) / 1024.0,
                        threads(p), openFiles(p), queue, m.sum("sitewatch_notifications_waiting"), m.sum("sitewatch_audit_pending")),
                        java.nio.file.StandardOpenOption.APPEND);
                if (now >= intervalStart + intervalMs) {
                    // Heap after a full collection: the live data the service keeps, nothing else.
                    fullGc(p);
                    Prometheus after = api.metrics();
                    n++;
                    intervals.add(interval(n, (now - t0) / 1000.0, before, after, (now - intervalStart) / 1000.0,
                            heapUsed(after) / 1e6, heapMax, rssKb(p) / 1024.0, threads(p), openFiles(p), queueMax, queue));
                    System.out.println(row(intervals.get(intervals.size() - 1)));
                    before = after;
                    intervalStart = now;
                    queueMax = 0;
                    heapMax = 0;
                }
            }
            // The run's last interval usually ends with the publishing: keep it when it is at least half long.
            long now = System.currentTimeMillis();
            if (now - intervalStart >= intervalMs / 2) {
                long p = pid.getAsLong();
                Prometheus last = api.metrics();
                double queue = last.sum("sitewatch_ingest_writer_queue_depth");
                fullGc(p);
                Prometheus after = api.metrics();
                intervals.add(interval(++n, (now - t0) / 1000.0, before, after, (now - intervalStart) / 1000.0,
                        heapUsed(after) / 1e6, Math.max(heapMax, heapUsed(last) / 1e6), rssKb(p) / 1024.0, threads(p),
                        openFiles(p), Math.max(queueMax, queue), queue));
                System.out.println(row(intervals.get(intervals.size() - 1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e.toString();
            System.out.println("soak sampler stopped: " + e);
        }
    }

    private Interval interval(int n, double endS, Prometheus a, Prometheus b, double seconds, double heapAfterGc,
                              double heapMax, double rssMb, int threads, int files, double queueMax, double queueEnd) {
        double accepted = b.sum("sitewatch_ingest_messages_accepted_total") - a.sum("sitewatch_ingest_messages_accepted_total");
        TreeMap<Double, Double> lag = diff(b.buckets("sitewatch_ingest_lag_seconds"), a.buckets("sitewatch_ingest_lag_seconds"));
        TreeMap<Double, Double> alarm = diff(b.buckets("sitewatch_alarm_evaluation_latency_seconds"),
                a.buckets("sitewatch_alarm_evaluation_latency_seconds"));
        long alarms = alarm.isEmpty() ? 0 : Math.round(alarm.lastEntry().getValue());
        return new Interval(n, endS, accepted / seconds, ms(Prometheus.quantile(lag, 0.5)), ms(Prometheus.quantile(lag, 0.99)),
                ms(highestFilledBucket(lag)), ms(Prometheus.quantile(alarm, 0.5)), ms(Prometheus.quantile(alarm, 0.99)), alarms,
                heapAfterGc, heapMax, rssMb, threads, files, queueMax, queueEnd, b.sum("sitewatch_notifications_waiting"),
                b.sum("sitewatch_audit_pending"));
    }

    /** This interval's counts of a cumulative histogram: the later snapshot minus the earlier. */
    static TreeMap<Double, Double> diff(TreeMap<Double, Double> later, TreeMap<Double, Double> earlier) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (Map.Entry<Double, Double> e : later.entrySet()) {
            out.put(e.getKey(), e.getValue() - earlier.getOrDefault(e.getKey(), 0.0));
        }
        return out;
    }

    /** The upper bound of the lowest bucket that holds every observation: the interval's maximum, to a bucket. */
    static double highestFilledBucket(TreeMap<Double, Double> cumulative) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double ms(double seconds) {
        return seconds * 1000;
    }

    private static double heapUsed(Prometheus m) {
        return m.sum("jvm_memory_used_bytes", "area=\"heap\"");
    }

    private static void fullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = ProcessHandle.current().info().command().map(Path::of).map(j -> j.resolveSibling("jcmd"))
                .orElse(Path.of("jcmd"));
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.run did not finish in 60 s");
        }
    }

    private static int openFiles(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int threads(long pid) {
        return (int) statusField(pid, "Threads:");
    }

    private static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String header() {
        return "  n     end s   accepted/s  lag p50/p99/max* ms      alarm p50/p99 ms (n)   heap after GC MB  heap max MB  "
                + "RSS MB  threads  files  queue max/end  notif  audit";
    }

    static String row(Interval i) {
        return String.format(Locale.ROOT, "%3d  %8.0f  %11.0f  %6.1f/%6.1f/%7.0f  %8.1f/%6.1f (%5d)  %16.1f  %11.1f  %6.1f  %7d  %5d  %6.0f/%6.0f  %5.0f  %5.0f",
                i.n(), i.endS(), i.acceptedPerS(), i.lagP50Ms(), i.lagP99Ms(), i.lagMaxBucketMs(), i.alarmP50Ms(), i.alarmP99Ms(),
                i.alarmCount(), i.heapAfterGcMb(), i.heapUsedMaxMb(), i.rssMb(), i.threads(), i.openFiles(), i.queueDepthMax(),
                i.queueDepthEnd(), i.notificationsWaiting(), i.auditPending());
    }

    /** Least-squares slope of {@code ys} against {@code xs}. */
    static double slope(double[] xs, double[] ys) {
        int n = xs.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += xs[i];
            my += ys[i];
        }
        mx /= n;
        my /= n;
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** One resource's trend over the run. */
    record Trend(String name, String unit, double mean, double perHour, double growthShare, boolean flat) {

        /** Flat, or falling (a queue draining after warm-up is no leak), or growing. */
        String verdict() {
            return flat ? "flat" : growthShare < 0 ? "falling" : "GROWING";
        }

        boolean growing() {
            return !flat && growthShare > 0;
        }
    }

    /**
     * The trend of each resource over the intervals after the first (warm-up: the JIT, the pools and
     * the caches fill in it). Flat: the fitted growth over the measured span is under
     * {@link #FLAT_SHARE} of the mean, or under {@code tolerance} in absolute terms (a thread or two).
     */
    List<Trend> trends() {
        return trends(intervals);
    }

    static List<Trend> trends(List<Interval> intervals) {
        List<Interval> measured = intervals.size() > 2 ? intervals.subList(1, intervals.size()) : intervals;
        double[] x = measured.stream().mapToDouble(i -> i.endS() / 3600.0).toArray();
        double span = x.length < 2 ? 0 : x[x.length - 1] - x[0];
        List<Trend> out = new ArrayList<>();
        out.add(trend("heap after GC", "MB", x, span, measured.stream().mapToDouble(Interval::heapAfterGcMb).toArray(), 1));
        out.add(trend("resident memory", "MB", x, span, measured.stream().mapToDouble(Interval::rssMb).toArray(), 5));
        out.add(trend("threads", "", x, span, measured.stream().mapToDouble(Interval::threads).toArray(), 2));
        out.add(trend("open files", "", x, span, measured.stream().mapToDouble(Interval::openFiles).toArray(), 2));
        out.add(trend("writer queue depth (max)", "msgs", x, span,
                measured.stream().mapToDouble(Interval::queueDepthMax).toArray(), 5000));
        out.add(trend("ingest lag p99", "ms", x, span, measured.stream().mapToDouble(Interval::lagP99Ms).toArray(), 50));
        return out;
    }

    private static Trend trend(String name, String unit, double[] x, double span, double[] y, double tolerance) {
        double s = slope(x, y);
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean = y.length == 0 ? 0 : mean / y.length;
        double growth = s * span;
        double share = mean == 0 ? 0 : growth / mean;
        boolean flat = Math.abs(share) < FLAT_SHARE || Math.abs(growth) < tolerance;
        return new Trend(name, unit, mean, s, share, flat);
    }

    List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        // No interrupt: the sampler notices within 200 ms and takes the last interval's figures.
        stopped = true;
        thread.join(120_000);
    }
}
