package io.sitewatch.simulator.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of a free-form YAML map ({@code params}, {@code sim}); dotted paths reach into
 * nested maps, and a missing or mistyped key falls back to the caller's default.
 */
public final class FreeForm {
    public static final FreeForm EMPTY = new FreeForm(Map.of());

    private final Map<String, Object> map;

    public FreeForm(Map<String, Object> map) {
        this.map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public Map<String, Object> asMap() {
        return map;
    }

    public double number(String path, double fallback) {
        Object v = lookup(path);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public String text(String path, String fallback) {
        Object v = lookup(path);
        return v == null ? fallback : v.toString();
    }

    @SuppressWarnings("unchecked")
    public List<FreeForm> list(String path) {
        Object v = lookup(path);
        if (!(v instanceof List<?> items)) {
            return List.of();
        }
        return items.stream()
                .filter(Map.class::isInstance)
                .map(m -> new FreeForm((Map<String, Object>) m))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private Object lookup(String path) {
        Object node = map;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(key);
        }
        return node;
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
