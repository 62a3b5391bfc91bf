package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.demo.AnchoredFleet;
import io.sitewatch.simulator.fleet.Fleet;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;

/** {@code --fleet FILE}, defaulting to the bundled demo fleet with its dates as of today. */
final class FleetOption {
    @Option(names = "--fleet", description = "Fleet YAML file (default: the bundled demo fleet, its dates as of today).")
    Path file;

    Fleet load() {
        return file == null ? AnchoredFleet.fleet(LocalDate.now(ZoneId.of("Asia/Shanghai"))) : Fleet.read(file);
    }
}
