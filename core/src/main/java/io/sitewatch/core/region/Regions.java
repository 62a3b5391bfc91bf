package io.sitewatch.core.region;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Administrative divisions (行政区划) by their GB/T 2260 code, with Chinese and English names and
 * the division each belongs to: province → city → district or county. Bundled: Fujian, from the
 * Ministry of Civil Affairs' code list ({@code regions/fujian.yaml} says which edition), with the
 * approximate seat of each district and a coarse outline of the province: what the schematic
 * district map is drawn from.
 */
public final class Regions {

    /**
     * One division; {@code parent} is null for the province. {@code lat} and {@code lon} are the
     * approximate WGS-84 location of a district's seat (县级政府驻地), null where none is listed.
     */
    public record Region(String code, String zh, String en, String level, String parent, Double lat, Double lon) {

        public Region(String code, String zh, String en, String level, String parent) {
            this(code, zh, en, level, parent, null, null);
        }
    }

    /** A WGS-84 point in degrees. */
    public record LatLon(double lat, double lon) {
    }

    private static volatile Regions bundled;

    private final String source;
    private final Map<String, Region> byCode;
    private final List<LatLon> outline;

    private Regions(String source, Map<String, Region> byCode, List<LatLon> outline) {
        this.source = source;
        this.byCode = Collections.unmodifiableMap(byCode);
        this.outline = List.copyOf(outline);
    }

    /** Fujian's divisions as bundled in {@code regions/fujian.yaml}. */
    public static Regions bundled() {
        Regions r = bundled;
        if (r == null) {
            try (InputStream in = Regions.class.getResourceAsStream("/regions/fujian.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("regions/fujian.yaml is missing from the build");
                }
                r = read(in, "regions/fujian.yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bundled = r;
        }
        return r;
    }

    static Regions read(InputStream in, String name) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        Map<String, Region> out = new LinkedHashMap<>();
        JsonNode p = root.path("province");
        String province = text(p, "code", name);
        put(out, new Region(province, text(p, "zh", name), text(p, "en", name), "province", null), name);
        for (JsonNode c : root.path("cities")) {
            String city = text(c, "code", name);
            put(out, new Region(city, text(c, "zh", name), text(c, "en", name), "city", province), name);
            for (JsonNode d : c.path("districts")) {
                if (!d.isArray() || d.size() != 3 && d.size() != 5) {
                    throw new IllegalArgumentException(name + ": a district of " + city + " must be [code, zh, en] or "
                            + "[code, zh, en, lat, lon]: " + d);
                }
                String code = d.get(0).asText();
                if (!code.startsWith(city.substring(0, 4))) {
                    throw new IllegalArgumentException(name + ": district " + code + " is not in city " + city);
                }
                LatLon seat = d.size() == 5 ? point(d.get(3), d.get(4), name + ": the seat of district " + code) : null;
                put(out, new Region(code, d.get(1).asText(), d.get(2).asText(), "district", city,
                        seat == null ? null : seat.lat(), seat == null ? null : seat.lon()), name);
            }
        }
        List<LatLon> outline = new ArrayList<>();
        for (JsonNode v : root.path("outline")) {
            if (!v.isArray() || v.size() != 2) {
                throw new IllegalArgumentException(name + ": an outline vertex must be [lat, lon]: " + v);
            }
            outline.add(point(v.get(0), v.get(1), name + ": outline vertex " + (outline.size() + 1)));
        }
        if (!outline.isEmpty() && outline.size() < 3) {
            throw new IllegalArgumentException(name + ": an outline needs at least 3 vertices");
        }
        return new Regions(text(root, "source", name), out, outline);
    }

    private static LatLon point(JsonNode lat, JsonNode lon, String what) {
        if (!lat.isNumber() || !lon.isNumber() || Math.abs(lat.asDouble()) > 90 || Math.abs(lon.asDouble()) > 180) {
            throw new IllegalArgumentException(what + " must be a latitude and a longitude in degrees: [" + lat + ", " + lon + "]");
        }
        return new LatLon(lat.asDouble(), lon.asDouble());
    }

    private static void put(Map<String, Region> out, Region r, String name) {
        if (!r.code().matches("\\d{6}")) {
            throw new IllegalArgumentException(name + ": a region code has 6 digits: " + r.code());
        }
        if (out.put(r.code(), r) != null) {
            throw new IllegalArgumentException(name + ": region " + r.code() + " is listed twice");
        }
    }

    private static String text(JsonNode n, String field, String name) {
        JsonNode v = n.get(field);
        if (v == null || v.asText().isBlank()) {
            throw new IllegalArgumentException(name + ": " + field + " missing in " + n);
        }
        return v.asText();
    }

    public String source() {
        return source;
    }

    /** The division of {@code code}, or null when it is not listed. */
    public Region get(String code) {
        return code == null ? null : byCode.get(code);
    }

    /** Its name in {@code lang} ("zh" or "en"), or the code itself when it is not listed. */
    public String name(String code, String lang) {
        Region r = get(code);
        return r == null ? String.valueOf(code) : "en".equals(lang) ? r.en() : r.zh();
    }

    /** Every division, province first, then each city followed by its districts. */
    public List<Region> all() {
        return new ArrayList<>(byCode.values());
    }

    /**
     * The province's coarse outline, clockwise, not closed (the last vertex joins the first); empty
     * when the file has none.
     */
    public List<LatLon> outline() {
        return outline;
    }
}
