package io.sitewatch.service;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher's entry point: {@code sitewatch demo | serve | broker-credentials | simulate | rating}. Stdout carries
 * what a command produces (a banner, a report); logs and errors go to stderr. A command line that
 * cannot run is refused in one line before anything starts ({@link CliErrors}).
 */
@Command(name = "sitewatch", mixinStandardHelpOptions = true, version = "SiteWatch 0.1.0",
        description = "SiteWatch: IoT supervision of construction sites (智慧工地).",
        subcommands = {DemoCommand.class, ServeCommand.class, BrokerCredentialsCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // Ours, not the one the embedded broker's jar also carries as logback.xml.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "sitewatch-logback.xml");
        }
        if (System.getProperty("logback.statusListenerClass") == null) {
            System.setProperty("logback.statusListenerClass", StderrStatusListener.class.getName());
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand("simulate", new io.sitewatch.simulator.cli.SimulateCommand());
        cl.addSubcommand("rating", new io.sitewatch.rating.cli.RatingCommand(Components::ratingData, Schemas::problemForReading));
        cl.addSubcommand("risk", new io.sitewatch.supervision.risk.cli.RiskCommand(Components::riskRankingForReading, Schemas::problemForReading));
        cl.setParameterExceptionHandler(new CliErrors());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof LaunchException || ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
                String line = CliErrors.firstLine(ex.getMessage());
                // Configuration checks name their key in English; a Chinese reader is told what kind of problem it is.
                cmd.getErr().println("sitewatch: " + (line.codePoints().anyMatch(c -> Character.UnicodeScript.of(c)
                        == Character.UnicodeScript.HAN) ? line : "无法启动：配置或参数有误 / " + line));
                cmd.getErr().flush();
                return CliErrors.USAGE;
            }
            throw ex;
        });
        return cl;
    }
}
