package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.mqtt.MqttSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Broker options shared by the subcommands. */
final class MqttOptions {
    @Option(names = "--mqtt-url", defaultValue = MqttSettings.DEFAULT_URL,
            description = "Broker URL, tcp://host:port or ssl://host:port for TLS (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--mqtt-version", defaultValue = "5", description = "5 or 3 (3.1.1), default ${DEFAULT-VALUE}.")
    int version;

    @Option(names = "--password-file", description = "File whose first line is the MQTT password (default: none).")
    Path passwordFile;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "CSV of device passwords (username,site_id,password) as `sitewatch broker-credentials` issues them;"
                    + " each device connects with its own. Repeatable.")
    List<Path> credentialFiles = new ArrayList<>();

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM certificate(s) of the CA that signed the broker's (ssl:// only; default: the JVM's trusted CAs).")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Client certificate (PEM), for a broker that requires one; with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The client certificate's private key (PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--window", defaultValue = "1000",
            description = "Max publishes in flight per connection, capped below the broker's receive maximum (default ${DEFAULT-VALUE}).")
    int window;

    MqttSettings settings() {
        return new MqttSettings(url, version, password(), window, new MqttSettings.Tls(tlsCa, tlsCert, tlsKey),
                credentials());
    }

    /** username → password from every --credentials file (a later file wins). */
    private Map<String, String> credentials() {
        Map<String, String> all = new HashMap<>();
        for (Path f : credentialFiles) {
            all.putAll(Credentials.read(f));
        }
        return all;
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
