package io.sitewatch.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the configuration from three layers, each overriding the one before key by key: the
 * built-in defaults, an optional YAML file, and dotted overrides such as {@code http.port=9090}
 * coming from command-line options or environment variables.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private ConfigLoader() {
    }

    public static SiteWatchConfig load(Path file, Map<String, String> overrides) {
        try {
            ObjectNode tree;
            try (InputStream in = ConfigLoader.class.getResourceAsStream("/sitewatch-defaults.yaml")) {
                tree = (ObjectNode) YAML.readTree(in);
            }
            if (file != null) {
                JsonNode user = YAML.readTree(Files.readAllBytes(file));
                if (user != null && user.isObject()) {
                    merge(tree, (ObjectNode) user);
                }
            }
            overrides.forEach((key, value) -> set(tree, key, value));
            return YAML.treeToValue(tree, SiteWatchConfig.class).validate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration" + (file == null ? "" : " " + file) + ": "
                    + e.getMessage(), e);
        }
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode o) {
                merge(c, o);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] path = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], TextNode.valueOf(value));
    }
}
