package io.sitewatch.service;

import io.sitewatch.core.config.ConfigLoader;
import io.sitewatch.core.config.SiteWatchConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sitewatch demo}: embedded PostgreSQL, embedded MQTT broker, the service and the demo
 * fleet of the simulator, all in this process. External broker or database when --mqtt-url or
 * --jdbc-url is given.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole system on embedded defaults with the simulated demo fleet.")
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_FLEET = "/fleets/demo.yaml";

    @Option(names = "--no-simulator", description = "Do not start the simulated fleet (devices are external).")
    boolean noSimulator;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        boolean embeddedBroker = options.mqttUrl == null;
        PortCheck.requireFree(options.httpPort, "HTTP API", "--http-port N or SITEWATCH_HTTP_PORT");
        if (embeddedBroker) {
            PortCheck.requireFree(options.mqttPort, "embedded MQTT broker", "--mqtt-port N or SITEWATCH_MQTT_PORT");
        }
        Path dataDir = options.dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        Lifecycle life = new Lifecycle();

        Map<String, String> overrides = options.overrides();
        if (options.jdbcUrl == null) {
            System.out.println("starting embedded PostgreSQL 15 (data in " + dataDir.resolve("postgres") + ") ...");
            EmbeddedDatabase db = life.add(EmbeddedDatabase.start(dataDir));
            overrides.put("database.jdbcUrl", db.jdbcUrl());
            overrides.put("database.user", db.user());
        }
        String mqttUrl = options.mqttUrl;
        if (embeddedBroker) {
            System.out.println("starting embedded MQTT broker (HiveMQ CE) on port " + options.mqttPort + " ...");
            life.add(EmbeddedBroker.start(dataDir, "0.0.0.0", options.mqttPort));
            mqttUrl = "tcp://127.0.0.1:" + options.mqttPort;
            overrides.put("mqtt.url", mqttUrl);
        }
        Path fleet = demoFleet(dataDir);
        if (fleet != null) {
            overrides.put("fleetFile", fleet.toString());
        }
        SiteWatchConfig base = ConfigLoader.load(null, overrides);
        Map<DemoTokens.Demo, String> tokens = DemoTokens.load(dataDir);
        SiteWatchConfig cfg = base.withTokens(DemoTokens.grants(tokens));
        SiteWatchService service = life.add(Components.service(cfg).start());

        if (!noSimulator) {
            life.add(Simulation.startDemoFleet(mqttUrl, seed));
        }
        printBanner(service, mqttUrl, tokens);
        life.awaitShutdown();
        return 0;
    }

    private static Path demoFleet(Path dataDir) throws Exception {
        try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_FLEET)) {
            if (in == null) {
                return null;
            }
            Path file = dataDir.resolve("demo-fleet.yaml");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    private void printBanner(SiteWatchService service, String mqttUrl, Map<DemoTokens.Demo, String> tokens) {
        String base = "http://localhost:" + service.httpPort();
        StringBuilder b = new StringBuilder();
        b.append("\n================ SiteWatch demo is running ================\n");
        b.append("  console      ").append(base).append("/\n");
        b.append("  API          ").append(base).append("/api/v1/   (OpenAPI: ").append(base).append("/api/v1/openapi.yaml)\n");
        b.append("  health       ").append(base).append("/health   metrics: ").append(base).append("/metrics\n");
        b.append("  MQTT broker  ").append(mqttUrl).append("   storage: ").append(service.storageMode().label()).append('\n');
        b.append("  simulator    ").append(noSimulator ? "off (--no-simulator)" : "demo fleet publishing, seed " + seed).append('\n');
        b.append("  tokens (Authorization: Bearer <token>):\n");
        tokens.forEach((d, t) -> b.append(String.format("    %-18s %s%n", d.name(), t)));
        b.append("  admin token  ").append(tokens.get(DemoTokens.DEMOS.get(0))).append('\n');
        b.append("  Ctrl-C stops everything.\n");
        b.append("===========================================================\n");
        System.out.println(b);
    }
}
