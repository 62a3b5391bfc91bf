package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import io.sitewatch.simulator.mqtt.PrintingPublisherFactory;
import io.sitewatch.simulator.mqtt.PublisherFactory;
import io.sitewatch.simulator.run.FleetRunner;
import io.sitewatch.simulator.scenario.Scenario;
import io.sitewatch.simulator.scenario.ScenarioRun;
import io.sitewatch.simulator.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.Callable;

/** {@code simulate scenario NAME}: one deterministic site story, usually in accelerated time. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run a named scenario on one site (see --list), from local midnight of the chosen day.")
final class ScenarioCommand implements Callable<Integer> {
    @Mixin
    MqttOptions mqtt;
    @Mixin
    FleetOption fleet;

    @Parameters(index = "0", arity = "0..1", description = "Scenario name.")
    String name;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--site", description = "Site id (default: the fleet's first site).")
    String site;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-scale", defaultValue = "1440",
            description = "Simulated seconds per real second (default ${DEFAULT-VALUE} = a day per minute; 0 = as fast as possible).")
    double timeScale;

    @Option(names = "--start", description = "Simulated day: YYYY-MM-DD or an ISO instant/offset date-time (its local date is used). Default: yesterday.")
    String start;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Override the scenario's length (default: its days).")
    Duration duration;

    @Option(names = "--dry-run", description = "Print 'topic qos retained payload' lines instead of connecting.")
    boolean dryRun;

    @Override
    public Integer call() throws InterruptedException {
        if (list || name == null) {
            Scenarios.all().forEach(s -> System.out.printf("%-20s %d day(s)  %s%n", s.name(), s.days(), s.summary()));
            return list ? 0 : 2;
        }
        Scenario scenario = Scenarios.byName(name).orElse(null);
        if (scenario == null) {
            System.err.println("unknown scenario " + name + "; try --list");
            return 2;
        }
        Fleet f = fleet.load();
        var siteSpec = site == null ? f.sites().get(0) : f.site(site);
        LocalDate day = start == null ? ScenarioRun.defaultDay(siteSpec) : parseDay(start, siteSpec.timezone());
        PublisherFactory factory = dryRun ? new PrintingPublisherFactory(System.out)
                : new PahoPublisherFactory(mqtt.settings());
        System.err.printf("scenario %s on %s from %s 00:00 %s (seed %d, time scale %s)%n", name,
                siteSpec.siteId(), day, siteSpec.timezone(), seed, timeScale);
        FleetRunner runner = ScenarioRun.prepare(scenario, f, siteSpec.siteId(), day, duration, seed, timeScale,
                factory);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        var stats = runner.run();
        Summary.print(stats, factory.counters());
        return factory.counters().errorCount() == 0 ? 0 : 1;
    }

    private static LocalDate parseDay(String text, java.time.ZoneId zone) {
        if (text.length() == 10) {
            return LocalDate.parse(text);
        }
        try {
            return OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate();
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.parse(text).atZone(zone).toLocalDate();
        }
    }
}
