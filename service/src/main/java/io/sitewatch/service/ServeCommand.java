package io.sitewatch.service;

import io.sitewatch.core.config.ConfigLoader;
import io.sitewatch.core.config.SiteWatchConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./sitewatch serve --config FILE}: the service alone against an external broker and database. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the service against an external MQTT broker and PostgreSQL/TimescaleDB.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", converter = OptionValues.ExistingFile.class, description = "YAML configuration (see docs/configuration.md).")
    Path config;

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        SiteWatchConfig cfg = withAdminToken(ConfigLoader.load(config, options.overrides()));
        // The port in force: the option's, else the file's, else the default.
        PortCheck.requireFree(cfg.http().port(), "HTTP API", "--http-port N or SITEWATCH_HTTP_PORT"
                + (config == null ? "" : " or http.port in " + config));
        Lifecycle life = new Lifecycle();
        SiteWatchService service = life.add(Components.service(cfg).start());
        System.out.println("SiteWatch serving on " + service.httpScheme() + "://localhost:" + service.httpPort() + "  broker " + cfg.mqtt().url()
                + "  storage " + service.storageMode().label());
        life.awaitShutdown();
        return 0;
    }

    /** SITEWATCH_ADMIN_TOKEN, when set, is an admin token in addition to the configured ones. */
    static SiteWatchConfig withAdminToken(SiteWatchConfig cfg) {
        String token = System.getenv("SITEWATCH_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            return cfg;
        }
        List<SiteWatchConfig.TokenGrant> tokens = new ArrayList<>(cfg.auth().tokens());
        tokens.add(new SiteWatchConfig.TokenGrant(token, "admin (SITEWATCH_ADMIN_TOKEN)", "admin", List.of()));
        return cfg.withTokens(tokens);
    }
}
