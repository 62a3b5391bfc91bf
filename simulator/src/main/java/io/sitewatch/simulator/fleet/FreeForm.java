package io.sitewatch.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of a free-form map of the fleet file ({@code params}, {@code sim}), as the
 * fleet reader left it; dotted paths reach into nested maps, and a missing or mistyped key falls
 * back to the caller's default.
 */
public final class FreeForm {
    public static final FreeForm EMPTY = new FreeForm(JsonNodeFactory.instance.objectNode());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node;

    private FreeForm(ObjectNode node) {
        this.node = node;
    }

    /** Over a map (for code that builds one rather than reading a file). */
    public FreeForm(Map<String, ?> map) {
        this((ObjectNode) JSON.valueToTree(map));
    }

    /** Over a map of the fleet file; anything else (missing, a list, a value) reads as empty. */
    public static FreeForm of(JsonNode node) {
        return node instanceof ObjectNode o ? new FreeForm(o.deepCopy()) : EMPTY;
    }

    /** A copy of the whole map. */
    public ObjectNode json() {
        return node.deepCopy();
    }

    public double number(String path, double fallback) {
        JsonNode v = lookup(path);
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    public String text(String path, String fallback) {
        JsonNode v = lookup(path);
        return v.isMissingNode() || v.isNull() ? fallback : v.isValueNode() ? v.asText() : v.toString();
    }

    public List<FreeForm> list(String path) {
        List<FreeForm> out = new ArrayList<>();
        JsonNode v = lookup(path);
        if (v.isArray()) {
            v.forEach(item -> {
                if (item.isObject()) {
                    out.add(of(item));
                }
            });
        }
        return out;
    }

    private JsonNode lookup(String path) {
        JsonNode v = node;
        for (String key : path.split("\\.")) {
            v = v.isObject() ? v.path(key) : MissingNode.getInstance();
        }
        return v;
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
