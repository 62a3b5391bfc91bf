package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sitewatch.core.config.SiteWatchConfig;
import io.sitewatch.service.testsupport.ServiceFixture;
import io.sitewatch.service.testsupport.TestDevices;
import io.sitewatch.testkit.Await;
import io.sitewatch.testkit.TestBroker;
import io.sitewatch.testkit.TestPostgres;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The API against its description, {@code openapi.yaml}, read as the running service serves it:
 * <ul>
 * <li>every mounted route has an operation there with its rule ({@code x-roles}, {@code x-scope}),
 *     and every described operation is mounted;
 * <li>the authorization matrix: every operation × every role (and no token) × inside or outside the
 *     caller's scope, each answered as its rule says (401, 403, 404 outside scope, a scope-filtered
 *     list, or success), sending the operation's example body;
 * <li>every query parameter of every GET, given a malformed value (derived from its schema), gets
 *     400 naming it;
 * <li>every write, given a body that is not JSON or has fields of the wrong type, gets a 4xx, and no
 *     answer of any of these carries a stack trace, a Java class or SQL.
 * </ul>
 * The matrix is written to {@code target/authorization-matrix.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static final String SITE = "FZ-GL-001";
    static final String OTHER_SITE = "XM-SM-001";
    static final String DEVICE = "FZ-GL-001-TC01";
    static final String SITE_FZ_TOKEN = "test-site-fz-gl-001-0123456789";
    static final String SITE_XM_TOKEN = "test-site-xm-sm-001-0123456789";
    private static final Set<String> ROLES = Set.of("admin", "regulator", "rater", "device-admin", "site");
    private static final Set<String> SCOPES = Set.of("none", "site", "filtered");
    /** What no error answer may carry: a stack trace, a Java class or package, SQL or the database's words. */
    static final List<String> LEAKS = List.of("Exception", "\tat ", "at io.", "at java.", "java.", "javax.", "io.vertx",
            "io.sitewatch", "com.fasterxml", "org.postgresql", "SQL", "ERROR:", "Caused by", "relation \"", "jdbc:");

    /** Who calls: the role, and whether the object (site FZ-GL-001, district 350102) lies in its scope. */
    enum Caller {
        NONE(null, null, true),
        ADMIN("admin", ServiceFixture.ADMIN, true),
        REGULATOR_IN("regulator", ServiceFixture.REG_FUZHOU, true),
        REGULATOR_OUT("regulator", ServiceFixture.REG_XIAMEN, false),
        RATER("rater", ServiceFixture.RATER, true),
        DEVICE_ADMIN("device-admin", ServiceFixture.DEVICE_ADMIN, true),
        SITE_IN("site", SITE_FZ_TOKEN, true),
        SITE_OUT("site", SITE_XM_TOKEN, false);

        final String role;
        final String token;
        final boolean inScope;

        Caller(String role, String token, boolean inScope) {
            this.role = role;
            this.token = token;
            this.inScope = inScope;
        }

        String label() {
            return this == NONE ? "no token" : role + (role.equals("regulator") || role.equals("site") ? (inScope ? " (in)" : " (out)") : "");
        }
    }

    /** One operation of the description. */
    record Operation(String method, String path, JsonNode op, List<JsonNode> parameters) {
        String key() {
            return method + " " + path;
        }

        boolean isPublic() {
            return op.path("x-roles").isTextual() && op.path("x-roles").asText().equals("public");
        }

        Set<String> roles() {
            Set<String> out = new TreeSet<>();
            op.path("x-roles").forEach(r -> out.add(r.asText()));
            return out;
        }

        String scope() {
            return op.path("x-scope").asText(null);
        }

        boolean documents(int status) {
            return op.path("responses").has(Integer.toString(status));
        }
    }

    private static SiteWatchService service;
    private static int port;
    private static JsonNode openapi;
    private static final List<Operation> operations = new ArrayList<>();
    private static String alarmId;
    private static String hazardId;
    private static String ratingId;
    private static String letterId;

    @BeforeAll
    static void start() throws Exception {
        SiteWatchConfig base = ServiceFixture.config(TestPostgres.newDatabase(), TestBroker.shared().url(), "openapi-contract-it", Map.of());
        List<SiteWatchConfig.TokenGrant> tokens = new ArrayList<>(base.auth().tokens());
        tokens.add(new SiteWatchConfig.TokenGrant(SITE_FZ_TOKEN, "fz-gl-site", "site", List.of(), List.of(SITE)));
        tokens.add(new SiteWatchConfig.TokenGrant(SITE_XM_TOKEN, "xm-sm-site", "site", List.of(), List.of(OTHER_SITE)));
        service = Components.service(base.withTokens(tokens)).start();
        port = service.httpPort();
        HttpResponse<String> served = call("GET", "/api/v1/openapi.yaml", null, null, null);
        assertEquals(200, served.statusCode());
        openapi = YAML.readTree(served.body());
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> o = ops.next();
                if (o.getKey().equals("parameters")) {
                    continue;
                }
                List<JsonNode> params = new ArrayList<>();
                p.getValue().path("parameters").forEach(params::add);
                o.getValue().path("parameters").forEach(params::add);
                operations.add(new Operation(o.getKey().toUpperCase(), p.getKey(), o.getValue(), params));
            }
        }
        fixtures();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** The objects the operations act on, made with the description's own example bodies where it has them. */
    private static void fixtures() throws Exception {
        JsonNode site = example("PUT", "/api/v1/sites/{siteId}");
        ServiceFixture.expect(200, call("PUT", "/api/v1/sites/" + SITE, ServiceFixture.ADMIN, "application/json", site.toString()));
        ObjectNode other = site.deepCopy();
        other.put("name", "思明区海滨大厦").put("region", "350203");
        other.remove("location");
        ServiceFixture.expect(200, call("PUT", "/api/v1/sites/" + OTHER_SITE, ServiceFixture.ADMIN, "application/json", other.toString()));
        JsonNode device = example("PUT", "/api/v1/devices/{deviceId}");
        ServiceFixture.expect(200, call("PUT", "/api/v1/devices/" + DEVICE, ServiceFixture.ADMIN, "application/json", device.toString()));
        ServiceFixture.expect(200, call("PUT", "/api/v1/devices/" + OTHER_SITE + "-TC01", ServiceFixture.ADMIN, "application/json",
                ((ObjectNode) device.deepCopy()).put("siteId", OTHER_SITE).toString()));
        ServiceFixture.expect(200, call("PUT", "/api/v1/operators/" + enc(pathValue("certNo", null)), ServiceFixture.ADMIN,
                "application/json", example("PUT", "/api/v1/operators/{certNo}").toString()));
        ServiceFixture.expect(200, call("PUT", "/api/v1/users/" + pathValue("username", null), ServiceFixture.ADMIN, "application/json",
                example("PUT", "/api/v1/users/{username}").toString()));
        JsonNode person = example("PUT", "/api/v1/sites/{siteId}/personnel/{personId}");
        for (Caller c : Caller.values()) {
            ServiceFixture.expect(200, call("PUT", "/api/v1/sites/" + SITE + "/personnel/" + pathValue("personId", c),
                    ServiceFixture.ADMIN, "application/json", person.toString()));
        }
        // An alarm of the site: the crane's moment over 100 % for two samples.
        ServiceFixture.awaitConnected(service);
        try (TestDevices d = new TestDevices(TestBroker.shared().url(), "openapi-contract-it-device")) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 2; i++) {
                d.publish("sitewatch/v1/" + SITE + "/" + DEVICE + "/telemetry",
                        "{\"ts\":" + (now - 10_000 + i * 10_000) + ",\"values\":{\"moment_pct\":" + (105 + i) + "}}", 1);
            }
        }
        Await.untilChecked("the fixture alarm", Duration.ofSeconds(20), () -> {
            JsonNode items = JSON.readTree(call("GET", "/api/v1/alarms?site=" + SITE, ServiceFixture.ADMIN, null, null).body()).path("items");
            if (items.isEmpty()) {
                return false;
            }
            alarmId = items.get(0).path("id").asText();
            return true;
        });
        HttpResponse<String> hazard = call("POST", "/api/v1/hazards", ServiceFixture.ADMIN, "application/json",
                example("POST", "/api/v1/hazards").toString());
        ServiceFixture.expect(201, hazard);
        hazardId = JSON.readTree(hazard.body()).path("id").asText();
        HttpResponse<String> rating = call("POST", "/api/v1/sites/" + SITE + "/ratings", ServiceFixture.ADMIN, "application/json",
                example("POST", "/api/v1/sites/{siteId}/ratings").toString());
        ServiceFixture.expect(201, rating);
        ratingId = JSON.readTree(rating.body()).path("id").asText();
        // A warning letter to the site, issued, so that its staff see it.
        HttpResponse<String> letter = call("POST", "/api/v1/letters", ServiceFixture.ADMIN, "application/json",
                example("POST", "/api/v1/letters").toString());
        ServiceFixture.expect(201, letter);
        letterId = JSON.readTree(letter.body()).path("id").asText();
        ServiceFixture.expect(200, call("POST", "/api/v1/letters/" + letterId + "/issue", ServiceFixture.ADMIN, null, null));
    }

    @Test
    @Order(1)
    void everyMountedRouteHasARuleAndEveryRuleARoute() {
        Set<String> described = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Operation o : operations) {
            described.add(o.key());
            JsonNode roles = o.op().path("x-roles");
            if (roles.isMissingNode()) {
                problems.add(o.key() + ": no x-roles (who may call it)");
            } else if (!o.isPublic() && (!roles.isArray() || roles.isEmpty())) {
                problems.add(o.key() + ": x-roles must be public or a list of roles, got " + roles);
            } else if (!o.isPublic()) {
                roles.forEach(r -> {
                    if (!ROLES.contains(r.asText())) {
                        problems.add(o.key() + ": x-roles names an unknown role " + r);
                    }
                });
            }
            if (!SCOPES.contains(String.valueOf(o.scope()))) {
                problems.add(o.key() + ": x-scope must be one of " + SCOPES + ", got " + o.scope());
            }
        }
        for (String route : service.routes()) {
            if (!described.contains(route)) {
                problems.add(route + ": mounted, but openapi.yaml has no operation for it, so no rule says who may call it");
            }
        }
        for (String op : described) {
            if (!service.routes().contains(op)) {
                problems.add(op + ": described in openapi.yaml but not mounted");
            }
        }
        assertTrue(problems.isEmpty(), "routes and rules disagree:\n  " + String.join("\n  ", problems));
    }

    @Test
    @Order(2)
    void everyOperationAnswersEveryCallerAsItsRuleSays() throws Exception {
        List<Operation> ordered = new ArrayList<>(operations);
        // Deletions last: what they remove (a person, a calendar mark) is what the other operations read.
        ordered.sort((a, b) -> Boolean.compare(a.method().equals("DELETE"), b.method().equals("DELETE")));
        List<String> mismatches = new ArrayList<>();
        StringBuilder table = new StringBuilder("| operation | x-roles | x-scope |");
        for (Caller c : Caller.values()) {
            table.append(' ').append(c.label()).append(" |");
        }
        table.append("\n|---|---|---|").append("---|".repeat(Caller.values().length)).append('\n');
        for (Operation o : ordered) {
            if (!o.op().has("x-roles")) {
                mismatches.add(o.key() + ": no rule (x-roles)");
                continue;
            }
            table.append("| `").append(o.key()).append("` | ").append(o.isPublic() ? "public" : String.join(", ", o.roles()))
                    .append(" | ").append(o.scope()).append(" |");
            String adminBody = null;
            for (Caller c : Caller.values()) {
                Answer a = send(o, c, null);
                Expectation e = expect(o, c);
                String problem = e.check(o, a, adminBody);
                if (c == Caller.ADMIN) {
                    adminBody = a.body();
                }
                if (a.status() >= 400 && !o.path().equals("/metrics")) {
                    String leak = leak(a.body());
                    if (leak != null) {
                        problem = (problem == null ? "" : problem + "; ") + "the answer carries " + leak;
                    }
                }
                if (problem == null && !o.documents(a.status())) {
                    problem = "answered " + a.status() + ", which the operation does not document";
                }
                table.append(' ').append(a.status()).append(problem == null ? "" : " ✗").append(" |");
                if (problem != null) {
                    mismatches.add(o.key() + " as " + c.label() + ": expected " + e + ", " + problem + " — " + abbreviate(a.body()));
                }
            }
            table.append('\n');
        }
        Path out = Path.of("target", "authorization-matrix.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("[authorization matrix]\n" + table);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " answers disagree with the rules in openapi.yaml:\n  "
                + String.join("\n  ", mismatches));
    }

    @Test
    @Order(3)
    void everyMalformedQueryParameterGets400NamingIt() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Operation o : operations) {
            if (!o.method().equals("GET")) {
                continue;
            }
            for (JsonNode p : o.parameters()) {
                if (!p.path("in").asText().equals("query")) {
                    continue;
                }
                String name = p.path("name").asText();
                List<String> bad = malformed(resolve(p.path("schema")));
                if (bad.isEmpty()) {
                    problems.add(o.key() + " ?" + name + ": the schema constrains nothing, so nothing can be checked; "
                            + "give it a type, pattern, enum, format or maxLength (and validate it)");
                    continue;
                }
                for (String value : bad) {
                    checked++;
                    Answer a = send(o, Caller.ADMIN, Map.of(name, value));
                    String message = a.status() == 400 ? JSON.readTree(a.body()).path("message").asText() : "";
                    if (a.status() != 400 || !Pattern.compile("(^|[^A-Za-z])" + Pattern.quote(name) + "([^A-Za-z]|$)").matcher(message).find()) {
                        problems.add(o.key() + " ?" + name + "=" + abbreviate(value) + ": expected 400 naming " + name + ", got "
                                + a.status() + " " + abbreviate(a.body()));
                    }
                    String leak = leak(a.body());
                    if (leak != null) {
                        problems.add(o.key() + " ?" + name + "=" + abbreviate(value) + ": the answer carries " + leak);
                    }
                }
            }
        }
        System.out.println("[query parameters] " + checked + " malformed values checked");
        assertTrue(checked > 50, "only " + checked + " values checked");
        assertTrue(problems.isEmpty(), problems.size() + " query parameters are not validated as described:\n  "
                + String.join("\n  ", problems));
    }

    @Test
    @Order(4)
    void everyWriteRefusesABadBodyWithoutLeakingInternals() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Operation o : operations) {
            JsonNode media = o.op().path("requestBody").path("content").path("application/json");
            if (media.isMissingNode()) {
                continue;
            }
            Caller who = allowedCaller(o);
            // Not a JSON object: always 400.
            List<String> notObjects = List.of("{", "{\"a\":", "[1, 2]", "\"text\"");
            List<String> bodies = new ArrayList<>(notObjects);
            bodies.add("{\"x\": 1e999999}");
            JsonNode example = media.path("example");
            if (example.isObject()) {
                // Each field of the example, in turn, of the wrong type.
                for (Iterator<String> f = example.fieldNames(); f.hasNext(); ) {
                    String field = f.next();
                    JsonNode v = example.get(field);
                    ObjectNode wrong = example.deepCopy();
                    if (v.isTextual()) {
                        wrong.set(field, JSON.createArrayNode().add(1));
                    } else {
                        wrong.put(field, "not-a-" + v.getNodeType().name().toLowerCase());
                    }
                    bodies.add(wrong.toString());
                }
            }
            for (String body : bodies) {
                checked++;
                Answer a = send(o, who, null, body);
                if (a.status() >= 500) {
                    problems.add(o.key() + " with " + abbreviate(body) + ": " + a.status() + " " + abbreviate(a.body()));
                }
                if (notObjects.contains(body) && a.status() != 400) {
                    problems.add(o.key() + " with " + abbreviate(body) + ": expected 400, got " + a.status() + " " + abbreviate(a.body()));
                }
                String leak = leak(a.body());
                if (leak != null) {
                    problems.add(o.key() + " with " + abbreviate(body) + ": the answer carries " + leak + ": " + abbreviate(a.body()));
                }
            }
        }
        System.out.println("[bodies] " + checked + " bad bodies checked");
        assertTrue(problems.isEmpty(), problems.size() + " writes mishandle a bad body:\n  " + String.join("\n  ", problems));
    }

    // ------------------------------------------------------------------ expectations

    /** What a caller should get: an exact status, or success (2xx; 409 where the operation documents it). */
    record Expectation(int status, boolean filtered) {
        static final int SUCCESS = 0;

        @Override
        public String toString() {
            return status == SUCCESS ? (filtered ? "success without the out-of-scope site" : "success") : Integer.toString(status);
        }

        String check(Operation o, Answer a, String adminBody) {
            if (status != SUCCESS) {
                return a.status() == status ? null : "got " + a.status();
            }
            boolean ok = a.status() / 100 == 2 || a.status() == 409 && o.documents(409);
            if (!ok) {
                return "got " + a.status();
            }
            if (filtered && adminBody != null && adminBody.contains(SITE) && a.body().contains(SITE)) {
                return "the answer names " + SITE + ", which lies outside the caller's scope";
            }
            return null;
        }
    }

    static Expectation expect(Operation o, Caller c) {
        if (o.isPublic()) {
            return new Expectation(Expectation.SUCCESS, false);
        }
        if (c == Caller.NONE) {
            return new Expectation(401, false);
        }
        if (!o.roles().contains(c.role)) {
            return new Expectation(403, false);
        }
        if (!c.inScope) {
            return switch (o.scope()) {
                case "site" -> new Expectation(404, false);
                case "filtered" -> new Expectation(Expectation.SUCCESS, true);
                default -> new Expectation(Expectation.SUCCESS, false);
            };
        }
        return new Expectation(Expectation.SUCCESS, false);
    }

    /** A caller the operation allows, in scope (to get past the role check to the body). */
    private static Caller allowedCaller(Operation o) {
        for (Caller c : Caller.values()) {
            if (c.inScope && c != Caller.NONE && (o.isPublic() || o.roles().contains(c.role))) {
                return c;
            }
        }
        throw new AssertionError(o.key() + " allows no caller");
    }

    // ------------------------------------------------------------------ requests

    record Answer(int status, String body) {
    }

    private Answer send(Operation o, Caller c, Map<String, String> query) throws Exception {
        return send(o, c, query, null);
    }

    /** Calls the operation as {@code c}: path parameters from the fixtures, required query parameters from their examples. */
    private static Answer send(Operation o, Caller c, Map<String, String> query, String bodyOverride) throws Exception {
        Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(o.path());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(enc(pathValue(m.group(1), c, o.path()))));
        }
        m.appendTail(path);
        Map<String, String> q = new LinkedHashMap<>();
        for (JsonNode p : o.parameters()) {
            if (p.path("in").asText().equals("query") && p.path("required").asBoolean()) {
                JsonNode ex = p.has("example") ? p.get("example") : resolve(p.path("schema")).path("example");
                if (ex.isMissingNode()) {
                    throw new AssertionError(o.key() + ": required query parameter " + p.path("name").asText() + " has no example");
                }
                q.put(p.path("name").asText(), ex.asText());
            }
        }
        if (query != null) {
            q.putAll(query);
        }
        if (!q.isEmpty()) {
            path.append('?');
            q.forEach((k, v) -> path.append(path.charAt(path.length() - 1) == '?' ? "" : "&").append(k).append('=').append(enc(v)));
        }
        String contentType = null;
        String body = bodyOverride;
        JsonNode content = o.op().path("requestBody").path("content");
        if (bodyOverride != null) {
            contentType = "application/json";
        } else if (content.has("application/json")) {
            JsonNode ex = content.path("application/json").path("example");
            if (ex.isMissingNode() && o.op().path("requestBody").path("required").asBoolean()) {
                throw new AssertionError(o.key() + ": its JSON body has no example to send");
            }
            contentType = "application/json";
            body = ex.isMissingNode() ? null : ex.toString();
        } else if (content.has("application/yaml")) {
            // The catalogue: the one in force, sent back as a new version.
            contentType = "application/yaml";
            body = JSON.readTree(call("GET", "/api/v1/rating-catalogue", ServiceFixture.ADMIN, null, null).body()).path("yaml").asText();
        }
        if (o.path().equals("/api/v1/alarms/stream")) {
            return stream(path.toString(), c.token);
        }
        HttpResponse<String> r = call(o.method(), path.toString(), c.token, contentType, body);
        return new Answer(r.statusCode(), r.body());
    }

    /** The status of a Server-Sent Events answer, without waiting for its end. */
    private static Answer stream(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            String body = r.statusCode() == 200 ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(r.statusCode(), body);
        }
    }

    static HttpResponse<String> call(String method, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pathValue(String name, Caller c) {
        return pathValue(name, c, "");
    }

    /** The fixture a path parameter names; persons and calendar dates are one per caller, so that one's deletion leaves the others'. */
    private static String pathValue(String name, Caller c, String path) {
        return switch (name) {
            case "siteId" -> SITE;
            case "deviceId" -> DEVICE;
            case "certNo" -> "闽A042023000123";
            case "username" -> example("POST", "/api/v1/login").path("username").asText();
            case "personId" -> "P-" + (c == null ? Caller.NONE : c).name();
            case "date" -> "2027-01-" + String.format("%02d", (c == null ? Caller.NONE : c).ordinal() + 10);
            case "key" -> "safety_training";
            case "scope" -> "project";
            case "themeId" -> "gondola";
            case "id" -> path.startsWith("/api/v1/alarms/") ? alarmId : path.startsWith("/api/v1/hazards/") ? hazardId
                    : path.startsWith("/api/v1/ratings/") ? ratingId : path.startsWith("/api/v1/risk/") ? SITE
                    : path.startsWith("/api/v1/letters/") ? letterId
                    : fail("no fixture for {id} of " + path);
            default -> fail("no fixture for path parameter {" + name + "} of " + path + ": add one to OpenApiContractIT");
        };
    }

    private static JsonNode example(String method, String path) {
        JsonNode ex = openapi.path("paths").path(path).path(method.toLowerCase()).path("requestBody").path("content")
                .path("application/json").path("example");
        if (ex.isMissingNode()) {
            throw new AssertionError(method + " " + path + " has no example body");
        }
        return ex;
    }

    // ------------------------------------------------------------------ malformed values

    private static JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            return resolve(openapi.at(ref.substring(1)));
        }
        return schema;
    }

    /** Values the schema refuses; empty when it refuses nothing. */
    static List<String> malformed(JsonNode s) {
        List<String> out = new ArrayList<>();
        String type = s.path("type").asText();
        if (s.has("enum")) {
            out.add("bogus-value");
        } else if (type.equals("integer")) {
            out.add("abc");
            out.add("1.5");
            if (s.has("minimum")) {
                out.add(Long.toString(s.get("minimum").asLong() - 1));
            }
            if (s.has("maximum")) {
                out.add(Long.toString(s.get("maximum").asLong() + 1));
            }
        } else if (type.equals("boolean")) {
            out.add("maybe");
        } else if (type.equals("string")) {
            if (s.has("pattern")) {
                Pattern p = Pattern.compile(s.get("pattern").asText());
                for (String candidate : List.of("bogus!", "x".repeat(65), "12345", "1,,2")) {
                    if (!p.matcher(candidate).find()) {
                        out.add(candidate);
                    }
                }
            }
            if (s.path("format").asText().equals("date")) {
                out.add("2026-02-30");
                out.add("tomorrow");
            }
            if (s.has("maxLength")) {
                out.add("x".repeat(s.get("maxLength").asInt() + 1));
            }
        }
        return out;
    }

    static String leak(String body) {
        if (body == null) {
            return null;
        }
        for (String l : LEAKS) {
            if (body.contains(l)) {
                return "\"" + l.replace("\t", "\\t") + "\"";
            }
        }
        return null;
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
