package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.mqtt.MqttSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Broker options shared by the subcommands. */
final class MqttOptions {
    @Option(names = "--mqtt-url", defaultValue = MqttSettings.DEFAULT_URL,
            description = "Broker URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--mqtt-version", defaultValue = "5", description = "5 or 3 (3.1.1), default ${DEFAULT-VALUE}.")
    int version;

    @Option(names = "--password-file", description = "File whose first line is the MQTT password (default: none).")
    Path passwordFile;

    @Option(names = "--window", defaultValue = "1000",
            description = "Max publishes in flight per connection, capped below the broker's receive maximum (default ${DEFAULT-VALUE}).")
    int window;

    MqttSettings settings() {
        return new MqttSettings(url, version, password(), window);
    }

    private String password() {
        if (passwordFile == null) {
            return null;
        }
        try {
            return Files.readAllLines(passwordFile).stream().findFirst().orElse("").trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + passwordFile, e);
        }
    }
}
