package io.sitewatch.service.testsupport;

import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.calendar.SiteCalendar;
import io.sitewatch.core.fleet.FleetFile;
import io.sitewatch.testkit.TestBroker;

import io.sitewatch.service.SiteWatchService;
import io.sitewatch.ingest.metrics.IngestMetrics;
import io.sitewatch.simulator.DemoFleet;
import io.sitewatch.simulator.cli.SimulateCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
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

    /**
     * Registers the demo fleet as a scenario on {@code siteId} from {@code firstDay} for {@code days}
     * days needs it to be: the fleet as of today (the bundled file's dates moved by whole weeks, as the
     * demo does, so that its papers keep their distance to today: valid ones stay valid, whatever
     * the date the tests run), and the scenario's days marked as working days on the site's
     * calendar. A scenario plays every day as a working day of the site's hours (simulator/README.md,
     * "Scenarios"); on a real site's day off — its week's rest day, a national holiday — a site that
     * works marks the date, and so does this.
     */
    public static void importScenarioFleet(SiteWatchService service, String siteId, LocalDate firstDay, int days)
            throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        service.registry().importFleet(FleetFile.read(new ByteArrayInputStream(
                DemoFleet.fleetFile(today).getBytes(StandardCharsets.UTF_8))));
        SiteCalendar calendar = service.registry().cache().calendar(siteId);
        for (LocalDate d = firstDay; d.isBefore(firstDay.plusDays(days)); d = d.plusDays(1)) {
            if (!calendar.isWorkingDay(d)) {
                service.registry().putMark(siteId, new CalendarMark(d, true, null, "模拟场景：当日施工 (a simulated scenario day)",
                        null, "site"), "scenario test", false);
            }
        }
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
