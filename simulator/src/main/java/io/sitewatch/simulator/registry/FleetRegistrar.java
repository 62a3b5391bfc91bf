package io.sitewatch.simulator.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.calendar.CalendarMark;
import io.sitewatch.core.registry.DeviceService;
import io.sitewatch.core.registry.KeyPerson;
import io.sitewatch.simulator.fleet.DeviceSpec;
import io.sitewatch.simulator.fleet.Fleet;
import io.sitewatch.simulator.fleet.OperatorSpec;
import io.sitewatch.simulator.fleet.SiteSpec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Registers a fleet with the service's HTTP API: {@code PUT /api/v1/sites/{siteId}} (with its
 * location and working hours), {@code PUT /api/v1/devices/{deviceId}} (with its service fields),
 * {@code PUT /api/v1/operators/{certNo}}, and each site's calendar marks
 * ({@code PUT /api/v1/sites/{siteId}/calendar/{date}}) and key personnel
 * ({@code PUT /api/v1/sites/{siteId}/personnel/{personId}}), with a bearer token. PUT is
 * create-or-replace, so registering twice is harmless. A regulator's mark in the file is put with
 * the caller's token; an admin's puts it as the site's.
 */
public final class FleetRegistrar {
    /** What was done and how many requests the service refused. */
    public record Result(int sites, int devices, int operators, int failures) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    public FleetRegistrar(String baseUrl, String token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    public Result register(Fleet fleet, Consumer<String> log) throws IOException, InterruptedException {
        int failures = 0;
        int devices = 0;
        for (SiteSpec s : fleet.sites()) {
            failures += put("sites/" + encode(s.siteId()), siteBody(s), log);
            for (DeviceSpec d : s.devices()) {
                failures += put("devices/" + encode(d.deviceId()), deviceBody(d), log);
                devices++;
            }
            for (CalendarMark m : s.calendar()) {
                failures += put("sites/" + encode(s.siteId()) + "/calendar/" + m.date(), markBody(m), log);
            }
            for (KeyPerson p : s.personnel()) {
                failures += put("sites/" + encode(s.siteId()) + "/personnel/" + encode(p.personId()), personBody(p), log);
            }
        }
        for (OperatorSpec o : fleet.operators()) {
            failures += put("operators/" + encode(o.certNo()), operatorBody(o), log);
        }
        return new Result(fleet.sites().size(), devices, fleet.operators().size(), failures);
    }

    static Map<String, Object> siteBody(SiteSpec s) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", s.name());
        b.put("region", s.region());
        b.put("enterprise", Map.of("code", s.enterprise().code(), "name", s.enterprise().name()));
        b.put("kind", s.kind());
        b.put("timezone", s.timezone().getId());
        b.put("costCny", s.costCny());
        b.put("startDate", s.startDate() == null ? null : s.startDate().toString());
        b.put("endDate", s.endDate() == null ? null : s.endDate().toString());
        if (s.location() != null) {
            b.put("location", Map.of("lat", s.location().lat(), "lon", s.location().lon(), "radiusM", s.location().radiusM()));
        }
        b.put("workingHours", s.workingHours().json());
        return b;
    }

    static Map<String, Object> deviceBody(DeviceSpec d) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("siteId", d.siteId());
        b.put("kind", d.kind());
        b.put("name", d.name());
        b.put("periodS", d.periodS());
        b.put("params", d.params().json());
        DeviceService v = d.service();
        b.put("installDate", v.installDate());
        b.put("removeDate", v.removeDate());
        b.put("schedule", v.schedule());
        if (v.registration() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("no", v.registration().no());
            r.put("validTo", v.registration().validTo());
            b.put("registration", r);
        }
        if (v.inspection() != null) {
            b.put("inspection", validity(v.inspection()));
        }
        if (v.fallArrester() != null) {
            b.put("fallArrester", validity(v.fallArrester()));
        }
        return b;
    }

    private static Map<String, Object> validity(DeviceService.Validity v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("validTo", v.validTo());
        return m;
    }

    static Map<String, Object> markBody(CalendarMark m) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("working", m.working());
        b.put("reason", m.reason());
        b.put("note", m.note());
        if (m.extraHours() != null) {
            b.put("extraHours", m.extraHours().json());
        }
        return b;
    }

    static Map<String, Object> personBody(KeyPerson p) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", p.name());
        b.put("role", p.role());
        b.put("certNo", p.certNo());
        return b;
    }

    static Map<String, Object> operatorBody(OperatorSpec o) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", o.name());
        b.put("kind", o.kind());
        b.put("validFrom", o.validFrom().toString());
        b.put("validTo", o.validTo().toString());
        return b;
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Returns 1 if the service refused, 0 if it accepted. */
    private int put(String path, Map<String, Object> body, Consumer<String> log)
            throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + "/api/v1/" + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            log.accept("PUT " + uri + " -> " + response.statusCode() + " " + response.body());
            return 1;
        }
        return 0;
    }
}
