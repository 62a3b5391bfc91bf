package io.sitewatch.simulator.cli;

import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.load.LoadFleet;
import io.sitewatch.simulator.registry.FleetRegistrar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code simulate register}: PUT the fleet's sites, devices and operators to the service. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register a fleet's sites, devices and operators through the HTTP API.")
final class RegisterCommand implements Callable<Integer> {
    @Mixin
    FleetOption fleet;

    @Option(names = "--base-url", defaultValue = "http://127.0.0.1:8080", description = "Service URL (default ${DEFAULT-VALUE}).")
    String baseUrl;

    @Option(names = "--token", description = "Bearer token (default: $SITEWATCH_ADMIN_TOKEN).")
    String token;

    @Option(names = "--token-file", description = "File whose first line is the bearer token.")
    Path tokenFile;

    @Option(names = "--load-devices", description = "Register N load-mode devices (see 'load') instead of a fleet file.")
    Integer loadDevices;

    @Option(names = "--site-prefix", defaultValue = "LOAD", description = "Load-mode site prefix (default ${DEFAULT-VALUE}).")
    String sitePrefix;

    @Option(names = "--kind", defaultValue = "tower_crane", description = "Load-mode device kind (default ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--period", defaultValue = "1", description = "Load-mode devices' periodS (default ${DEFAULT-VALUE}).")
    int periodS;

    @Override
    public Integer call() throws Exception {
        String bearer = token != null ? token
                : tokenFile != null ? Files.readAllLines(tokenFile).get(0).trim()
                : System.getenv("SITEWATCH_ADMIN_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            System.err.println("no token: use --token, --token-file or SITEWATCH_ADMIN_TOKEN");
            return 2;
        }
        Fleet f = loadDevices != null ? LoadFleet.build(sitePrefix, loadDevices, kind, periodS) : fleet.load();
        var result = new FleetRegistrar(baseUrl, bearer).register(f, System.err::println);
        System.out.printf("REGISTER-REPORT sites=%d devices=%d operators=%d failures=%d%n",
                result.sites(), result.devices(), result.operators(), result.failures());
        return result.failures() == 0 ? 0 : 1;
    }
}
