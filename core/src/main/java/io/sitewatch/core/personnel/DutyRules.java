package io.sitewatch.core.personnel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The required presence of each key role, with its source ({@code personnel/duty-rules.yaml}). */
public final class DutyRules {

    public static final String RESOURCE = "/personnel/duty-rules.yaml";

    /** One role's rule. */
    public record Rule(String role, String name, String nameEn, double required, String source, String uncertainty) {
    }

    private final Map<String, Rule> rules;

    private DutyRules(Map<String, Rule> rules) {
        this.rules = Map.copyOf(rules);
    }

    private static final class Bundled {
        static final DutyRules INSTANCE = load();

        private static DutyRules load() {
            try (InputStream in = DutyRules.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static DutyRules bundled() {
        return Bundled.INSTANCE;
    }

    public static DutyRules read(InputStream in) throws IOException {
        JsonNode roles = new ObjectMapper(new YAMLFactory()).readTree(in).path("roles");
        Map<String, Rule> out = new LinkedHashMap<>();
        for (var it = roles.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode r = e.getValue();
            double required = r.path("required").asDouble(Double.NaN);
            if (!(required >= 0 && required <= 1)) {
                throw new IllegalArgumentException("duty rules: " + e.getKey() + ".required must be a share from 0 to 1");
            }
            String source = r.path("source").asText("");
            if (source.isBlank()) {
                throw new IllegalArgumentException("duty rules: " + e.getKey() + " has no source");
            }
            out.put(e.getKey(), new Rule(e.getKey(), r.path("name").asText(), r.path("en").asText(), required, source,
                    r.hasNonNull("uncertainty") ? r.get("uncertainty").asText() : null));
        }
        return new DutyRules(out);
    }

    public Optional<Rule> rule(String role) {
        return Optional.ofNullable(rules.get(role));
    }

    public Map<String, Rule> all() {
        return rules;
    }
}
