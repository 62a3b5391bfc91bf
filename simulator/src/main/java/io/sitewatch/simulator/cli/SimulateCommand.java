package io.sitewatch.simulator.cli;

import picocli.CommandLine.Command;

/**
 * {@code simulate}: the device fleet emulator. Subcommands: {@code fleet}, {@code scenario},
 * {@code load}, {@code register}. The launcher mounts it as {@code ./sitewatch simulate ...}.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "SiteWatch device simulator: fleets, scenarios and a load generator over MQTT.",
        subcommands = {FleetCommand.class, ScenarioCommand.class, LoadCommand.class, RegisterCommand.class})
public final class SimulateCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
