package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.load.LoadGenerator;
import io.sitewatch.simulator.load.LoadReport;
import io.sitewatch.simulator.load.LoadSpec;
import io.sitewatch.simulator.mqtt.PahoPublisherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code simulate load}: N devices × rate × QoS for a duration, with progress and a final report. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load generator: many devices multiplexed over a few connections; prints progress every second and a LOAD-REPORT line.")
final class LoadCommand implements Callable<Integer> {
    @Mixin
    MqttOptions mqtt;

    @Option(names = "--devices", defaultValue = "1000", description = "Simulated devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", defaultValue = "10000", description = "Messages per second in total; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--qos", defaultValue = "0", description = "0 or 1 (default ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "How long to publish (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--publishers", defaultValue = "4", description = "MQTT connections (default ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--site-prefix", defaultValue = "LOAD", description = "Site id prefix: sites PREFIX-001…, devices PREFIX-001-D00001… (default ${DEFAULT-VALUE}).")
    String sitePrefix;

    @Option(names = "--kind", defaultValue = "tower_crane", description = "tower_crane, hoist, env or pit (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        LoadSpec spec = new LoadSpec(devices, rate, qos, duration, publishers, sitePrefix, kind, seed);
        System.err.printf("load: %d devices over %d connections, %s msg/s, QoS %d, %s -> %s (MQTT %d)%n", devices,
                publishers, rate > 0 ? String.valueOf((long) rate) : "max", qos, duration, mqtt.url, mqtt.version);
        LoadReport report = new LoadGenerator(spec, new PahoPublisherFactory(mqtt.settings())).run(System.err::println);
        System.out.println(report.line());
        return report.errors() == 0 && report.acked() == report.sent() ? 0 : 1;
    }
}
