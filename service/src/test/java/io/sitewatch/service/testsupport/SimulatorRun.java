package io.sitewatch.service.testsupport;

import io.sitewatch.testkit.TestBroker;

import io.sitewatch.service.SiteWatchService;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.simulator.cli.SimulateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs the simulator's CLI against the test broker, as a user would with {@code ./sitewatch
 * simulate}, and waits until the service has taken in everything the broker acknowledged to it.
 */
public final class SimulatorRun {

    private SimulatorRun() {
    }

    /** Runs {@code simulate <args...>} and returns the number of messages the broker acknowledged. */
    public static long simulate(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mqtt-url", TestBroker.shared().url()));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new SimulateCommand()).execute(all.toArray(String[]::new));
        } finally {
            System.setErr(err);
        }
        String report = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("acked=(\\d+)").matcher(report);
        if (exit != 0 || !m.find()) {
            throw new AssertionError("simulate " + all + " failed (exit " + exit + "): " + report);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Waits until what the broker acknowledged has reached the service (a hostile message may match
     * no subscription, hence the slack) and everything received is committed and evaluated.
     */
    public static void settle(SiteWatchService service, long acked) throws InterruptedException {
        double[] last = {-1};
        long[] stableSince = {System.currentTimeMillis()};
        ServiceFixture.await("ingest settled (" + acked + " messages acknowledged by the broker)", Duration.ofSeconds(180), () -> {
            double received = service.prometheus().get(IngestMetrics.RECEIVED).counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            double pending = service.prometheus().get(IngestMetrics.PENDING).gauge().value();
            if (received != last[0] || pending > 0 || received < acked - 2) {
                last[0] = received;
                stableSince[0] = System.currentTimeMillis();
                return false;
            }
            return System.currentTimeMillis() - stableSince[0] > 1000;
        });
    }
}
