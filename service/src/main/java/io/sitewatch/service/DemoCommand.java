package io.sitewatch.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.alarms.engine.AlarmEngine;
import io.sitewatch.core.config.ConfigLoader;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.simulator.demo.DemoRun;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sitewatch demo}: embedded PostgreSQL, embedded MQTT broker, the service and the demo
 * fleet of the simulator, all in this process. External broker or database when --mqtt-url or
 * --jdbc-url is given.
 *
 * <p>At its first start (an empty registry) the demo first has each site upload its last
 * {@code --history-days} days over MQTT, so that the ratings have a month to judge, and then
 * plays the site live; the first site is live within seconds, the first incident 15 s after.
 * The demo's first day (its anchor: the fleet's dates are as of it) and whether its history is in
 * are kept in the data directory ({@code demo-history.properties}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole system on embedded defaults with the simulated demo fleet.")
final class DemoCommand implements Callable<Integer> {

    static final ZoneId SITE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GATE_DECLARATIONS = List.of("no_accident", "no_wage_arrears");

    @Option(names = "--no-simulator", description = "Do not start the simulated fleet (devices are external).")
    boolean noSimulator;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated fleet (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history-days", defaultValue = "30",
            description = "Days of history the demo sites upload at the first start (default ${DEFAULT-VALUE}; 0: none).")
    int historyDays;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", converter = OptionValues.BindAddress.class,
            description = "Address the demo's HTTP API and embedded broker listen on (default ${DEFAULT-VALUE}: this machine only; "
                    + "0.0.0.0 opens them to the network, and the demo's broker takes any device without a password).")
    String bind;

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        long startedNanos = System.nanoTime();
        long startedMs = System.currentTimeMillis();
        boolean embeddedBroker = options.mqttUrl == null;
        PortCheck.requireFree(options.httpPort, "HTTP API", "--http-port N or SITEWATCH_HTTP_PORT");
        if (embeddedBroker) {
            PortCheck.requireFree(options.mqttPort, "embedded MQTT broker", "--mqtt-port N or SITEWATCH_MQTT_PORT");
        }
        Path dataDir = options.dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        Lifecycle life = new Lifecycle();

        Map<String, String> overrides = options.overrides();
        overrides.putIfAbsent("http.host", bind);
        String jdbcUrl = options.jdbcUrl;
        if (options.jdbcUrl == null) {
            System.out.println("starting embedded PostgreSQL 15 (data in " + dataDir.resolve("postgres") + ") ...");
            EmbeddedDatabase db = life.add(EmbeddedDatabase.start(dataDir));
            overrides.put("database.jdbcUrl", db.jdbcUrl());
            jdbcUrl = db.jdbcUrl() + " (user " + db.user() + ")";
            overrides.put("database.user", db.user());
        }
        String mqttUrl = options.mqttUrl;
        if (embeddedBroker) {
            System.out.println("starting embedded MQTT broker (HiveMQ CE) on port " + options.mqttPort + " ...");
            life.add(EmbeddedBroker.start(dataDir, bind, options.mqttPort));
            mqttUrl = "tcp://127.0.0.1:" + options.mqttPort;
            overrides.put("mqtt.url", mqttUrl);
        }
        DemoState state = DemoState.load(dataDir);
        LocalDate anchor = state.anchor() != null ? state.anchor() : LocalDate.now(SITE_ZONE);
        Path fleet = dataDir.resolve("demo-fleet.yaml");
        Files.writeString(fleet, Simulation.demoFleetFile(anchor), StandardCharsets.UTF_8);
        overrides.put("fleetFile", fleet.toString());
        SiteWatchConfig base = ConfigLoader.load(null, overrides);
        Map<DemoTokens.Demo, DemoTokens.Secret> secrets = DemoTokens.secrets(dataDir);
        Map<DemoTokens.Demo, String> tokens = new java.util.LinkedHashMap<>();
        secrets.forEach((d, sec) -> tokens.put(d, sec.token()));
        SiteWatchConfig cfg = base.withTokens(DemoTokens.grants(tokens));
        SiteWatchService service = life.add(Components.service(cfg).start());
        // The demo's people sign in with a username and password, as real users do. Made once, at
        // the first start: putting them again would end their logins at every restart.
        java.util.Set<String> existing = new java.util.HashSet<>();
        service.accounts().list().forEach(u -> existing.add(u.username()));
        for (var e : secrets.entrySet()) {
            DemoTokens.Demo d = e.getKey();
            if (!existing.contains(d.name())) {
                service.accounts().put(d.name(), e.getValue().password(), d.displayName(), d.role(), d.regions(), d.sites());
            }
        }

        boolean seeding = !noSimulator && historyDays > 0 && state.history() == null && service.registryWasEmptyAtStart();
        String history;
        if (seeding) {
            history = "seeding";
        } else if ("seeding".equals(state.history())) {
            history = "interrupted at the first start (a new --data-dir seeds it again)";
        } else if (state.history() != null) {
            history = state.history();
        } else {
            history = noSimulator ? null : historyDays == 0 ? "none" : "skipped: the database held sites at the first start";
        }
        state = new DemoState(anchor, history);
        state.save(dataDir);

        if (!noSimulator) {
            watchAlarms(service, startedNanos, startedMs);
            DemoRun demo = life.add(Simulation.startDemo(mqttUrl, seed, new DemoRun.Options(anchor, seeding ? historyDays : 0,
                    DemoHistory.committed(service), System.err::println)));
            demo.firstLive().thenAccept(t -> System.err.println("demo: first site live at " + DemoHistory.seconds(startedNanos)));
            if (seeding) {
                Thread t = new Thread(() -> completeHistory(service, demo, dataDir, anchor, tokens, startedNanos),
                        "sitewatch-demo-history");
                t.setDaemon(true);
                t.start();
            }
        }
        printBanner(service, mqttUrl, jdbcUrl, tokens, secrets, anchor, seeding, state);
        life.awaitShutdown();
        return 0;
    }

    /** Prints the first live alarm when it is raised, and counts what the history raises. */
    private static void watchAlarms(SiteWatchService service, long startedNanos, long startedMs) {
        AtomicBoolean first = new AtomicBoolean();
        AtomicInteger history = new AtomicInteger();
        MessageConsumer<JsonObject> c = service.vertx().eventBus().localConsumer(AlarmEngine.ADDRESS);
        c.handler(m -> {
            JsonObject a = m.body();
            if (!"raised".equals(a.getString("transition"))) {
                return;
            }
            long start = a.getLong("startTs", 0L);
            String what = a.getString("deviceId") + " " + a.getString("rule") + " " + a.getString("level");
            if ("device.offline".equals(a.getString("rule"))) {
                return; // a device's silence or its switching off, not an incident
            }
            if (start < startedMs - 120_000) {
                if (history.incrementAndGet() <= 3) {
                    System.err.println("demo: the history raised " + what + " (" + Instant.ofEpochMilli(start).atZone(SITE_ZONE)
                            .toLocalDateTime() + ")");
                }
            } else if (first.compareAndSet(false, true)) {
                System.err.println("demo: first live alarm at " + DemoHistory.seconds(startedNanos) + ": " + what);
            }
        });
    }

    /**
     * Once the history is stored: the gates' declarations, each site's rating over the history
     * (the rollups need not have caught up: ingest answers the minutes they have not reached from
     * the stored samples), then the final rollup round.
     */
    private static void completeHistory(SiteWatchService service, DemoRun demo, Path dataDir, LocalDate anchor,
                                        Map<DemoTokens.Demo, String> tokens, long startedNanos) {
        try {
            DemoHistory.Stored stored = DemoHistory.awaitStored(service, demo, System.err::println, startedNanos, Duration.ofMinutes(30));
            String rater = tokens.entrySet().stream().filter(e -> e.getKey().role().equals("rater"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            int port = service.httpPort();
            List<String> sites = service.registry().cache().sites().stream().map(s -> s.siteId()).sorted().toList();
            for (String site : sites) {
                declareGates(port, rater, site);
            }
            new DemoState(anchor, "done").save(dataDir);
            long from = stored.history().from().atStartOfDay(SITE_ZONE).toInstant().toEpochMilli();
            long to = System.currentTimeMillis();
            for (String site : sites) {
                System.err.println("demo: rating " + site + " over the history: " + rating(port, rater, site, from, to));
            }
            System.err.println("demo: ratings shown at " + DemoHistory.seconds(startedNanos));
            DemoHistory.rollUp(service, System.err::println, startedNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("demo: the history did not complete: " + e);
        }
    }

    /**
     * The two declarations rating staff make for the star's gates (no accident, no wage arrears),
     * entered for the demo sites as the demo's rater, once, with the history.
     */
    private static void declareGates(int port, String token, String siteId) throws Exception {
        String comment = "演示：质安站记录核查，无一般及以上事故、无恶意欠薪（./sitewatch demo 首次启动时录入）";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(comment.getBytes(StandardCharsets.UTF_8)));
        for (String gate : GATE_DECLARATIONS) {
            http(port, "PUT", "/api/v1/sites/" + siteId + "/manual-evidence/" + gate, token,
                    JSON.writeValueAsString(Map.of("value", 1, "comment", comment, "attachmentSha256", sha)));
        }
    }

    /** One line: stars, score and the items short of their points. */
    private static String rating(int port, String token, String siteId, long from, long to) throws Exception {
        HttpResponse<String> r = http(port, "GET", "/api/v1/sites/" + siteId + "/rating?from=" + from + "&to=" + to, token, null);
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode() + " " + r.body();
        }
        JsonNode j = JSON.readTree(r.body());
        StringBuilder b = new StringBuilder();
        b.append(j.path("stars").asInt()).append(" star(s), ").append(j.path("score").asDouble()).append(" of ")
                .append(j.path("maxScore").asDouble());
        StringBuilder short_ = new StringBuilder();
        for (JsonNode i : j.path("items")) {
            if (i.path("points").asDouble() < i.path("maxPoints").asDouble() && !i.path("evidence").asText().equals("manual")) {
                short_.append(short_.length() == 0 ? "" : ", ").append(i.path("id").asText()).append(' ')
                        .append(String.format("%.1f/%.0f", i.path("points").asDouble(), i.path("maxPoints").asDouble()));
            }
        }
        return b.append(short_.length() == 0 ? "" : "; short: " + short_).toString();
    }

    private static HttpResponse<String> http(int port, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void printBanner(SiteWatchService service, String mqttUrl, String jdbcUrl, Map<DemoTokens.Demo, String> tokens,
                             Map<DemoTokens.Demo, DemoTokens.Secret> secrets, LocalDate anchor, boolean seeding, DemoState state) {
        String host = "0.0.0.0".equals(bind) ? "localhost" : bind.contains(":") ? "[" + bind + "]" : bind;
        String base = "http://" + host + ":" + service.httpPort();
        StringBuilder b = new StringBuilder();
        b.append("\n================ SiteWatch demo is running ================\n");
        b.append("  console      ").append(base).append("/\n");
        b.append("  API          ").append(base).append("/api/v1/   (OpenAPI: ").append(base).append("/api/v1/openapi.yaml)\n");
        b.append("  health       ").append(base).append("/health   metrics: ").append(base).append("/metrics\n");
        b.append("  MQTT broker  ").append(mqttUrl).append("   storage: ").append(service.storageMode().label()).append('\n');
        b.append("  database     ").append(jdbcUrl).append('\n');
        b.append("  listening on ").append(bind).append("0.0.0.0".equals(bind) ? "  (open to the network: --bind 127.0.0.1 keeps it local)"
                : "  (this machine only; --bind 0.0.0.0 opens it to the network)").append('\n');
        b.append("  simulator    ").append(noSimulator ? "off (--no-simulator)" : "demo fleet publishing, seed " + seed).append('\n');
        if (!noSimulator) {
            b.append("  history      ").append(seeding
                    ? "the four sites upload their last " + historyDays + " days first (progress on stderr), then go live"
                    : state.history() == null ? "none" : state.history()).append(" (demo's first day " + anchor + ")\n");
            b.append("  what it shows (演示内容):\n");
            b.append("    four Fujian sites (福建四个在建项目) that work their own hours and calendars: cranes, hoists and\n");
            b.append("    gondolas switched on for the shift and off after it (power_off), recorders charging overnight,\n");
            b.append("    days off per the national holidays and each site's week; an incident every ~4 minutes,\n");
            b.append("    the first 15 s after a site goes live (塔吊超载、吊篮超员、升降机超载、扬尘、大风、吊篮倾斜, 夜间噪声)\n");
            b.append("    FZ-GL-001  福州鼓楼  exemplary: every system reports, PM and safety officer on site, logs daily\n");
            b.append("    XM-SM-001  厦门思明  crane monitor silent for 6 working days, a typhoon stop, crane registration\n");
            b.append("                         (使用登记) running out within 30 days\n");
            b.append("    QZ-FZ-001  泉州丰泽  PM on site 60 % of working days (80 % required), safety logs missing,\n");
            b.append("                         hazards left open for days\n");
            b.append("    ZZ-XC-001  漳州芗城  municipal road project, Monday to Friday, no hoist in service\n");
            b.append("    see GET /api/v1/sites/{id}/rating?from=&to=, /attendance?month=").append(YearMonth.now(SITE_ZONE))
                    .append(", /calendar?from=&to=, /personnel\n");
        }
        b.append("  sign in (登录) at ").append(base).append("/ with a username and password:\n");
        secrets.forEach((d, sec) -> b.append(String.format("    %-18s %-14s %s%n", d.name(), sec.password(), d.displayName())));
        b.append("  tokens for scripts and machines (Authorization: Bearer <token>):\n");
        tokens.forEach((d, t) -> b.append(String.format("    %-18s %s%n", d.name(), t)));
        b.append("  admin token  ").append(tokens.get(DemoTokens.DEMOS.get(0))).append('\n');
        b.append("  Ctrl-C stops everything.\n");
        b.append("===========================================================\n");
        System.out.println(b);
    }
}
