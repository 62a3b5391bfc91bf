package io.sitewatch.rating.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A sentence a person reads, kept as a stable message id with its parameters so that it can be said
 * in Chinese (the default) and English from {@link Messages}, and said again the same way when a
 * stored rating is reproduced. Parameters are text, whole numbers ({@link Long}), decimals
 * ({@link Double}), other messages, or lists of these. A <em>name</em> ({@link #name}) is the
 * special case of a text given in both languages as data (a catalogue's item, gate or module name).
 *
 * <p>As JSON a message is {@code {"id", "args", "zh", "en"}} (plus {@code "verbatim"}: the parts
 * quoted as registered or entered — device ids, people, comments — which no translation changes);
 * a name is {@code {"zh", "en"}}. Reading it back keeps id and args only: the texts are made from
 * the bundles in force.
 */
@JsonSerialize(using = Msg.Out.class)
@JsonDeserialize(using = Msg.In.class)
public record Msg(String id, Map<String, Object> args) {

    /** The id of a name given in both languages as data. */
    public static final String NAME = "name";

    public Msg {
        Objects.requireNonNull(id, "id");
        // parameters in name order: a message read back from storage (jsonb keeps no order) writes as it was made
        Map<String, Object> copy = new TreeMap<>();
        if (args != null) {
            args.forEach((k, v) -> copy.put(k, normal(v)));
        }
        args = Collections.unmodifiableMap(copy);
    }

    /** A message with its parameters as name/value pairs: {@code Msg.of("dq.gap", "gap", 31L, "limit", 30L)}. */
    public static Msg of(String id, Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name/value pairs: " + id);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            args.put((String) pairs[i], pairs[i + 1]);
        }
        return new Msg(id, args);
    }

    /** A name given as data in both languages; a missing one falls back to the other. */
    public static Msg name(String zh, String en) {
        return of(NAME, "zh", zh == null ? en : zh, "en", en == null ? zh : en);
    }

    public boolean isName() {
        return NAME.equals(id);
    }

    public String zh() {
        return Messages.get().text(this, Lang.ZH);
    }

    public String en() {
        return Messages.get().text(this, Lang.EN);
    }

    public String in(Lang lang) {
        return Messages.get().text(this, lang);
    }

    private static Object normal(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Msg) {
            return v == null ? "" : v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Boolean || v instanceof Character || v instanceof CharSequence) {
            return v.toString();
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(x -> out.add(normal(x)));
            return Collections.unmodifiableList(out);
        }
        return v.toString();
    }

    /** JSON: id, args, both texts and the verbatim parts; a name as its two texts. */
    static final class Out extends JsonSerializer<Msg> {
        @Override
        public void serialize(Msg m, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            if (!m.isName()) {
                g.writeStringField("id", m.id());
                g.writeFieldName("args");
                writeArgs(m, g);
            }
            Messages.Rendered zh = Messages.get().render(m, Lang.ZH);
            g.writeStringField("zh", zh.text());
            g.writeStringField("en", m.en());
            if (!zh.verbatim().isEmpty()) {
                g.writeArrayFieldStart("verbatim");
                for (String v : zh.verbatim()) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }

        /** Nested messages as id and args only (their texts are part of the outer one's). */
        private static void writeArgs(Msg m, JsonGenerator g) throws IOException {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : m.args().entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(e.getValue(), g);
            }
            g.writeEndObject();
        }

        private static void writeValue(Object v, JsonGenerator g) throws IOException {
            if (v instanceof Msg n) {
                g.writeStartObject();
                g.writeStringField("id", n.id());
                g.writeFieldName("args");
                writeArgs(n, g);
                g.writeEndObject();
            } else if (v instanceof List<?> l) {
                g.writeStartArray();
                for (Object x : l) {
                    writeValue(x, g);
                }
                g.writeEndArray();
            } else if (v instanceof Long n) {
                g.writeNumber(n);
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else {
                g.writeString(String.valueOf(v));
            }
        }
    }

    /** Reads what {@link Out} wrote (the texts are left: they are made again from the bundles). */
    static final class In extends JsonDeserializer<Msg> {
        @Override
        public Msg deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return read(p.getCodec().readTree(p));
        }

        private static Msg read(JsonNode n) {
            if (!n.has("id")) {
                return name(n.path("zh").isTextual() ? n.get("zh").asText() : null, n.path("en").isTextual() ? n.get("en").asText() : null);
            }
            Map<String, Object> args = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("args").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                args.put(e.getKey(), value(e.getValue()));
            }
            return new Msg(n.get("id").asText(), args);
        }

        private static Object value(JsonNode v) {
            if (v.isObject()) {
                return read(v);
            }
            if (v.isArray()) {
                List<Object> out = new ArrayList<>();
                v.forEach(x -> out.add(value(x)));
                return out;
            }
            if (v.isIntegralNumber()) {
                return v.asLong();
            }
            if (v.isNumber()) {
                return v.asDouble();
            }
            return v.asText();
        }
    }
}
