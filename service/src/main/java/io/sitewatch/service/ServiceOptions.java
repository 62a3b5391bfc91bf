package io.sitewatch.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Options shared by {@code demo} and {@code serve}; each also reads an environment variable. Each
 * value is checked as the command line is read ({@link OptionValues}), so a bad one is named with
 * its option before a database or broker starts.
 */
final class ServiceOptions {

    @Option(names = "--http-port", defaultValue = "${env:SITEWATCH_HTTP_PORT:-8080}", converter = OptionValues.Port.class,
            description = "HTTP port of the API and consoles (env SITEWATCH_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--mqtt-port", defaultValue = "${env:SITEWATCH_MQTT_PORT:-1883}", converter = OptionValues.Port.class,
            description = "Port of the embedded MQTT broker (env SITEWATCH_MQTT_PORT, default ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-url", defaultValue = "${env:SITEWATCH_MQTT_URL}", converter = OptionValues.MqttUrl.class,
            description = "External broker, tcp://host:port or ssl://host:port (TLS); the demo then starts no broker of its own (env SITEWATCH_MQTT_URL).")
    String mqttUrl;

    @Option(names = "--jdbc-url", defaultValue = "${env:SITEWATCH_JDBC_URL}", converter = OptionValues.JdbcUrl.class,
            description = "External PostgreSQL/TimescaleDB, jdbc:postgresql://host:port/db; the demo then starts no database (env SITEWATCH_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:SITEWATCH_DB_USER}", description = "Database user (env SITEWATCH_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:SITEWATCH_DB_PASSWORD}", description = "Database password (env SITEWATCH_DB_PASSWORD).")
    String dbPassword;

    @Option(names = "--data-dir", defaultValue = "${env:SITEWATCH_DATA_DIR:-${sys:user.home}/.sitewatch}",
            description = "Folder of the embedded database and broker (env SITEWATCH_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--timescale", defaultValue = "${env:SITEWATCH_TIMESCALE:-auto}", converter = OptionValues.Timescale.class,
            description = "auto, on or off: use TimescaleDB when the extension is available (env SITEWATCH_TIMESCALE).")
    String timescale;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Configuration overrides as dotted keys; only options the user actually gave or set by env. */
    Map<String, String> overrides() {
        Map<String, String> o = new LinkedHashMap<>();
        // A built-in default must not hide what a --config file says.
        if (given("--http-port", "SITEWATCH_HTTP_PORT")) {
            o.put("http.port", Integer.toString(httpPort));
        }
        if (mqttUrl != null) {
            o.put("mqtt.url", mqttUrl);
        }
        if (jdbcUrl != null) {
            o.put("database.jdbcUrl", jdbcUrl);
        }
        if (dbUser != null) {
            o.put("database.user", dbUser);
        }
        if (dbPassword != null) {
            o.put("database.password", dbPassword);
        }
        if (given("--timescale", "SITEWATCH_TIMESCALE")) {
            o.put("database.timescale", timescale);
        }
        String mqttUser = System.getenv("SITEWATCH_MQTT_USERNAME");
        if (mqttUser != null) {
            o.put("mqtt.username", mqttUser);
            o.put("mqtt.password", System.getenv().getOrDefault("SITEWATCH_MQTT_PASSWORD", ""));
        }
        // TLS to the broker (with an ssl:// url): the CA to trust, a client certificate and its key.
        putEnv(o, "mqtt.tls.caFile", "SITEWATCH_MQTT_CA_FILE");
        putEnv(o, "mqtt.tls.certFile", "SITEWATCH_MQTT_CERT_FILE");
        putEnv(o, "mqtt.tls.keyFile", "SITEWATCH_MQTT_KEY_FILE");
        String group = System.getenv("SITEWATCH_MQTT_SHARED_GROUP");
        if (group != null) {
            o.put("mqtt.sharedGroup", group);
        }
        return o;
    }

    private static void putEnv(Map<String, String> overrides, String key, String env) {
        String value = System.getenv(env);
        if (value != null && !value.isBlank()) {
            overrides.put(key, value);
        }
    }

    /** Whether the option was on the command line or its environment variable is set. */
    private boolean given(String option, String env) {
        if (System.getenv(env) != null) {
            return true;
        }
        ParseResult parsed = command == null ? null : command.commandLine().getParseResult();
        // Not parsed by picocli (built by hand): take the value as given.
        return parsed == null || parsed.hasMatchedOption(option);
    }
}
