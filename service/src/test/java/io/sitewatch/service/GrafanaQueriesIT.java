package io.sitewatch.service;

import static io.sitewatch.service.testsupport.ServiceFixture.ADMIN;
import static io.sitewatch.service.testsupport.ServiceFixture.expect;
import static io.sitewatch.service.testsupport.ServiceFixture.http;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.testkit.TestPostgres;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.service.testsupport.TestDevices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboards ({@code dashboards/grafana/dashboards/*.json}) against the
 * real schema: SQL of panels and template variables runs on the migrated database after devices
 * published over MQTT (Grafana's macros and the dashboards' variables expanded as Grafana would),
 * and every Prometheus expression of the dashboards and alerting rules names metrics that the
 * running service exports and passes promtool. promtool is required (Debian's {@code prometheus}).
 */
class GrafanaQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DASHBOARDS = Paths.get("..", "dashboards", "grafana", "dashboards");
    private static final Path RULES = Paths.get("..", "dashboards", "prometheus", "rules");
    /** Variable values as Grafana substitutes them (multi-value ones quoted and comma-separated). */
    private static final Map<String, String> VARIABLES = Map.of(
            "city", "3501", "site", "FZ-GR", "device", "'FZ-GR-TC1','FZ-GR-ENV1'", "instance", ".*");
    /** Panels that must show rows with the data published below (by title prefix). */
    private static final List<String> MUST_HAVE_ROWS = List.of("各工地状态", "设备 Devices", "力矩百分比", "吊重",
            "PM10", "噪声", "塔吊告警", "司机登录", "告警记录", "每分钟数据量", "未解除告警 Open alarms", "规则排名");

    private static SiteWatchService service;
    private static TestDevices devices;

    @BeforeAll
    static void start() throws Exception {
        service = Components.service(ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(),
                "grafana-it", Map.of())).start();
        int port = service.httpPort();
        ServiceFixture.registerCraneSite(port, "FZ-GR", "350102", "FZ-GR-TC1");
        expect(200, http(port, "PUT", "/api/v1/devices/FZ-GR-ENV1", ADMIN,
                "{\"siteId\":\"FZ-GR\",\"kind\":\"env\",\"name\":\"1#扬尘\",\"periodS\":60}"));
        expect(200, http(port, "PUT", "/api/v1/operators/" + java.net.URLEncoder.encode("闽A-GR-01", "UTF-8"), ADMIN,
                "{\"name\":\"张三\",\"kind\":\"tower_crane_driver\",\"validFrom\":\"2024-01-01\",\"validTo\":\"2030-12-31\"}"));
        devices = new TestDevices(TestBroker.shared().url(), "grafana-it-devices");
        ServiceFixture.awaitConnected(service);
        long t = (System.currentTimeMillis() / 60_000 - 5) * 60_000;
        devices.publish("sitewatch/v1/FZ-GR/FZ-GR-TC1/event",
                "{\"ts\":" + t + ",\"type\":\"operator_login\",\"data\":{\"cert_no\":\"闽A-GR-01\"}}", 1);
        double[] moments = {70, 85, 101, 104, 106, 103};
        for (int i = 0; i < moments.length; i++) {
            devices.publish("sitewatch/v1/FZ-GR/FZ-GR-TC1/telemetry", "{\"ts\":" + (t + 1000 + i * 10_000L)
                    + ",\"values\":{\"moment_pct\":" + moments[i] + ",\"load_t\":2.5,\"wind_ms\":4.2,\"load_pct\":40}}", 1);
            devices.publish("sitewatch/v1/FZ-GR/FZ-GR-ENV1/telemetry", "{\"ts\":" + (t + 1000 + i * 10_000L)
                    + ",\"values\":{\"pm10_ugm3\":" + (60 + i) + ",\"pm25_ugm3\":35,\"noise_dba\":62.5,\"wind_ms\":3.1}}", 1);
        }
        devices.publish("sitewatch/v1/FZ-GR/FZ-GR-TC1/event", "{\"ts\":" + (t + 70_000) + ",\"type\":\"work_cycle\",\"data\":{"
                + "\"start_ts\":" + t + ",\"end_ts\":" + (t + 60_000) + ",\"max_load_t\":2.5,\"max_moment_pct\":104,\"max_wind_ms\":4.2}}", 1);
        devices.publish("sitewatch/v1/FZ-GR/FZ-GR-TC1/telemetry", "not json", 1);   // a dead letter
        ServiceFixture.awaitQuery("rollups and the alarm", Duration.ofSeconds(30),
                () -> ServiceFixture.queryLong(service, "SELECT count(*) FROM telemetry_1m WHERE metric = 'pm10_ugm3'") > 0
                        && ServiceFixture.queryLong(service, "SELECT count(*) FROM alarm WHERE rule = 'tower_crane.moment'") > 0
                        && ServiceFixture.queryLong(service, "SELECT count(*) FROM device_event WHERE type = 'work_cycle'") > 0
                        && ServiceFixture.queryLong(service, "SELECT count(*) FROM dead_letter") > 0);
    }

    @AfterAll
    static void stop() throws Exception {
        ServiceFixture.closeAll(devices, service);
    }

    @Test
    void everySqlQueryOfTheDashboardsRunsOnTheRealSchema() throws Exception {
        List<String> failures = new ArrayList<>();
        Set<String> emptyButRequired = new TreeSet<>();
        int executed = 0;
        try (Connection c = service.database().pool().getConnection()) {
            for (Map.Entry<String, String> q : sqlQueries().entrySet()) {
                String sql = expand(q.getValue());
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(10);
                    int rows = 0;
                    try (ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) {
                            rows++;
                        }
                    }
                    executed++;
                    System.out.println("[grafana-it] " + rows + " rows  " + q.getKey());
                    String title = q.getKey().substring(q.getKey().indexOf(" / ") + 3);
                    if (rows == 0 && MUST_HAVE_ROWS.stream().anyMatch(title::startsWith)) {
                        emptyButRequired.add(q.getKey());
                    }
                } catch (Exception e) {
                    failures.add(q.getKey() + ": " + e.getMessage() + "\n    " + sql.replace("\n", "\n    "));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " dashboard queries fail:\n" + String.join("\n", failures));
        assertTrue(emptyButRequired.isEmpty(), "panels show no rows although devices published their data: " + emptyButRequired);
        assertTrue(executed >= 40, "expected the dashboards' queries, ran only " + executed);
    }

    @Test
    void everyPrometheusExpressionNamesExportedMetricsAndPassesPromtool() throws Exception {
        String exported = http(service.httpPort(), "GET", "/metrics", null, null).body();
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^(sitewatch_[a-z0-9_]+)").matcher(exported);
        while (m.find()) {
            names.add(m.group(1));
        }
        List<String> exprs = prometheusExpressions();
        for (Path rules : list(RULES, ".yml")) {
            for (String line : Files.readAllLines(rules, StandardCharsets.UTF_8)) {
                if (line.contains("sitewatch_")) {
                    exprs.add(line);
                }
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String e : exprs) {
            Matcher used = Pattern.compile("sitewatch_[a-z0-9_]+").matcher(e);
            while (used.find()) {
                if (!names.contains(used.group())) {
                    unknown.add(used.group());
                }
            }
        }
        assertTrue(unknown.isEmpty(), "metrics the service does not export: " + unknown + "\nexported: " + names);

        // promtool parses PromQL: the dashboards' expressions as recording rules of a throw-away file.
        Path file = Files.createTempFile("sitewatch-dashboard-exprs", ".yml");
        StringBuilder y = new StringBuilder("groups:\n  - name: dashboard-expressions\n    rules:\n");
        int i = 0;
        for (String e : prometheusExpressions()) {
            y.append("      - record: dashboard:expr_").append(i++).append("\n        expr: ")
                    .append(JSON.writeValueAsString(expandPromQl(e))).append('\n');
        }
        Files.writeString(file, y);
        String promtool = findPromtool();
        Process p = new ProcessBuilder(promtool, "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertTrue(p.exitValue() == 0, "promtool rejects a dashboard expression:\n" + out + "\n" + y);
        System.out.println("[grafana-it] promtool accepted " + i + " dashboard expressions");
        Files.delete(file);
    }

    private static String findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Paths.get(dir, "promtool"))) {
                return Paths.get(dir, "promtool").toString();
            }
        }
        throw new AssertionError("promtool is required to check the dashboards' PromQL but is not on the PATH: "
                + "install Debian's package 'prometheus' (apt-get install -y prometheus)");
    }

    /** "file / panel title [refId]" → SQL, for panels and template variables of the PostgreSQL data source. */
    private static Map<String, String> sqlQueries() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : list(DASHBOARDS, ".json")) {
            JsonNode d = JSON.readTree(f.toFile());
            for (JsonNode v : d.path("templating").path("list")) {
                if (isPostgres(v.path("datasource"))) {
                    out.put(f.getFileName() + " / $" + v.path("name").asText(), v.path("query").asText());
                }
            }
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    if (t.has("rawSql")) {
                        assertTrue(isPostgres(t.path("datasource")) || isPostgres(p.path("datasource")),
                                f + ": SQL on a data source that is not SiteWatch PostgreSQL: " + p.path("title"));
                        out.put(f.getFileName() + " / " + p.path("title").asText() + " [" + t.path("refId").asText() + "]",
                                t.path("rawSql").asText());
                    }
                }
            }
        }
        assertTrue(!out.isEmpty(), "no dashboards found in " + DASHBOARDS.toAbsolutePath());
        return out;
    }

    private static List<String> prometheusExpressions() throws Exception {
        List<String> out = new ArrayList<>();
        for (Path f : list(DASHBOARDS, ".json")) {
            JsonNode d = JSON.readTree(f.toFile());
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    if (t.has("expr")) {
                        out.add(t.path("expr").asText());
                    }
                }
            }
        }
        return out;
    }

    private static boolean isPostgres(JsonNode ds) {
        return "sitewatch-pg".equals(ds.path("uid").asText());
    }

    private static List<Path> list(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static final Pattern TIME_GROUP_ALIAS = Pattern.compile("\\$__timeGroupAlias\\(\\s*([^,()]+?)\\s*,\\s*([^()]+?)\\s*\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(\\s*([^()]+?)\\s*\\)");

    /** Grafana's PostgreSQL macros, as Grafana expands them, and the dashboards' variables. */
    static String expand(String sql) {
        Matcher g = TIME_GROUP_ALIAS.matcher(sql);
        StringBuilder b = new StringBuilder();
        while (g.find()) {
            String interval = g.group(2);
            long seconds = switch (interval) {
                case "$__interval" -> 60;
                case "'1m'" -> 60;
                case "'1h'" -> 3600;
                case "'1d'" -> 86400;
                default -> throw new AssertionError("unexpected $__timeGroupAlias interval " + interval);
            };
            g.appendReplacement(b, Matcher.quoteReplacement("floor(extract(epoch from " + g.group(1) + ")/" + seconds + ")*"
                    + seconds + " AS \"time\""));
        }
        g.appendTail(b);
        String s = TIME_FILTER.matcher(b.toString()).replaceAll(r -> Matcher.quoteReplacement(r.group(1)
                + " BETWEEN '" + java.time.Instant.now().minusSeconds(86400) + "' AND '" + java.time.Instant.now().plusSeconds(3600) + "'"));
        s = s.replace("$__timeFrom()", "now() - interval '1 day'").replace("$__timeTo()", "now()");
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            s = s.replaceAll("\\$\\{?" + v.getKey() + "\\b}?", Matcher.quoteReplacement(v.getValue()));
        }
        Matcher left = Pattern.compile("\\$\\{?[A-Za-z_]+").matcher(s);
        if (left.find()) {
            throw new AssertionError("unknown Grafana macro or variable " + left.group() + " in\n" + s);
        }
        return s;
    }

    private static String expandPromQl(String expr) {
        String s = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
            s = s.replace("$" + v.getKey(), v.getValue());
        }
        return s;
    }
}
