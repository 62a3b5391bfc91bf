package io.sitewatch.service;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition running in-process, the demo's MQTT broker (MQTT 3.1.1 and 5, shared
 * subscriptions). Its queue limit is raised so that a persistent session holds QoS 1 messages
 * while SiteWatch is busy instead of dropping them (measured-here.md: lossless only with it raised).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
        this.hivemq = hivemq;
        this.port = port;
    }

    public static EmbeddedBroker start(Path dataDir, String bindAddress, int port) throws Exception {
        Path conf = Files.createDirectories(dataDir.resolve("hivemq/conf"));
        Path data = Files.createDirectories(dataDir.resolve("hivemq/data"));
        Path extensions = Files.createDirectories(dataDir.resolve("hivemq/extensions"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>1000000</max-queue-size>
                      <strategy>discard</strategy>
                    </queued-messages>
                    <packets>
                      <max-packet-size>1048576</max-packet-size>
                    </packets>
                  </mqtt>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, bindAddress));
        // HiveMQ re-configures logging at start; hand it SiteWatch's configuration.
        try (var in = EmbeddedBroker.class.getResourceAsStream("/sitewatch-logback.xml")) {
            if (in != null) {
                Files.write(conf.resolve("logback.xml"), in.readAllBytes());
            }
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .build();
        hivemq.start().get(60, TimeUnit.SECONDS);
        return new EmbeddedBroker(hivemq, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        hivemq.stop().get(30, TimeUnit.SECONDS);
        hivemq.close();
    }
}
