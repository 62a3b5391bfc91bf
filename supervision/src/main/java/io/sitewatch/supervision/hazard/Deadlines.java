package io.sitewatch.supervision.hazard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rectification deadlines per hazard level, from a data file that names its sources
 * ({@code hazard/deadlines.yaml}). A file without both levels, a whole positive number of days and
 * a source is refused.
 */
public final class Deadlines {

    public static final String RESOURCE = "/hazard/deadlines.yaml";
    private static final long DAY_MS = 86_400_000L;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One level's deadline with what a person reads about it and where the number comes from. */
    public record Level(String level, int days, String zh, String en, String source) {
    }

    private final Map<String, Level> levels;

    private Deadlines(Map<String, Level> levels) {
        this.levels = Map.copyOf(levels);
    }

    /** The bundled file. */
    public static Deadlines bundled() {
        try (InputStream in = Deadlines.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Deadlines read(InputStream in, String origin) throws IOException {
        JsonNode root = YAML.readTree(in);
        JsonNode list = root == null ? null : root.get("levels");
        if (list == null || !list.isObject()) {
            throw new IllegalArgumentException(origin + ": expected 'levels' with general and major");
        }
        Map<String, Level> out = new LinkedHashMap<>();
        for (String level : new String[] {Hazard.MAJOR, Hazard.GENERAL}) {
            JsonNode n = list.get(level);
            if (n == null || !n.path("days").isInt() || n.get("days").asInt() < 1) {
                throw new IllegalArgumentException(origin + ": levels." + level + ".days must be a whole number of days >= 1");
            }
            for (String f : new String[] {"zh", "en", "source"}) {
                if (n.path(f).asText("").isBlank()) {
                    throw new IllegalArgumentException(origin + ": levels." + level + "." + f + " is required");
                }
            }
            out.put(level, new Level(level, n.get("days").asInt(), n.get("zh").asText(), n.get("en").asText(),
                    n.get("source").asText()));
        }
        return new Deadlines(out);
    }

    public Level level(String level) {
        Level l = levels.get(level);
        if (l == null) {
            throw new IllegalArgumentException("unknown hazard level " + level);
        }
        return l;
    }

    /** The deadline of a hazard of {@code level} reported at {@code reportedTs}. */
    public long deadline(String level, long reportedTs) {
        return reportedTs + level(level).days() * DAY_MS;
    }

    public Map<String, Level> levels() {
        return levels;
    }
}
