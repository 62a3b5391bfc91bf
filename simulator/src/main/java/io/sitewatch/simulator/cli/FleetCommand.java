package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.model.Disturbances;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.simulator.mqtt.PrintingPublisherFactory;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;
import io.sitewatch.simulator.run.RunStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code simulate fleet}: every device of a fleet file, in real or accelerated time, its sites
 * played as they work (shifts, days off, machines switched off after the shift).
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Run every device of a fleet file, in real time (default) or accelerated time, its sites as they work.")
final class FleetCommand implements Callable<Integer> {
    @Mixin
    MqttOptions mqtt;
    @Mixin
    FleetOption fleet;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-scale", defaultValue = "1",
            description = "Simulated seconds per real second: 1 = real time, 1440 = a day per minute, 0 = as fast as possible.")
    double timeScale;

    @Option(names = "--start", description = "Simulated start instant, ISO-8601 (default: now).")
    Instant start;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Simulated duration, e.g. 10m, 2h, 1d (default: until Ctrl-C).")
    Duration duration;

    @Option(names = "--qos", defaultValue = "1", description = "Telemetry QoS 0 or 1 (events are always 1).")
    int qos;

    @Option(names = "--dry-run", description = "Print 'topic qos retained payload' lines instead of connecting.")
    boolean dryRun;

    @Option(names = "--around-the-clock",
            description = "Every device reports all day, every day (no shifts, days off or switched-off machines).")
    boolean aroundTheClock;

    @Override
    public Integer call() throws InterruptedException {
        Fleet f = fleet.load();
        long startTs = (start == null ? Instant.now() : start).toEpochMilli();
        long endTs = duration == null ? Long.MAX_VALUE : startTs + duration.toMillis();
        PublisherFactory factory = dryRun ? new PrintingPublisherFactory(System.out)
                : new PahoPublisherFactory(mqtt.settings());
        System.err.printf("fleet: %d sites, %d devices -> %s (seed %d, time scale %s)%n", f.sites().size(),
                f.deviceCount(), dryRun ? "stdout" : mqtt.url, seed, timeScale);
        FleetRunner runner = new FleetRunner(f, seed, Disturbances.NONE, List.of(), factory, startTs, endTs,
                timeScale, qos, aroundTheClock ? FleetRunner.Options.AROUND_THE_CLOCK : FleetRunner.Options.REAL_SITE);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        RunStats stats = runner.run();
        Summary.print(stats, factory.counters());
        return factory.counters().errorCount() == 0 ? 0 : 1;
    }
}
