package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.fleet.Fleet;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --fleet FILE}, defaulting to the bundled demo fleet. */
final class FleetOption {
    @Option(names = "--fleet", description = "Fleet YAML file (default: the bundled demo fleet).")
    Path file;

    Fleet load() {
        return file == null ? Fleet.demo() : Fleet.read(file);
    }
}
