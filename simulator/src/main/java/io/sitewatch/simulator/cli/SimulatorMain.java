package io.sitewatch.simulator.cli;

import picocli.CommandLine;

/** Runs {@link SimulateCommand} standalone. */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }
}
