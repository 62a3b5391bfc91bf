package io.sitewatch.simulator.wire;

/**
 * Writes JSON text in exactly the order the caller gives, with numbers rounded to a fixed number of
 * decimals, so the same readings always become the same bytes (a general-purpose serializer would
 * make key order and float formatting an accident of its configuration).
 */
public final class JsonWriter {
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

    private final StringBuilder out = new StringBuilder(256);
    /** Per nesting level: true once the first member has been written. */
    private final boolean[] started = new boolean[32];
    private int depth;
    private boolean afterName;

    public JsonWriter beginObject() {
        separate();
        out.append('{');
        started[++depth] = false;
        return this;
    }

    public JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        separate();
        out.append('[');
        started[++depth] = false;
        return this;
    }

    public JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter value(String text) {
        separate();
        string(text);
        return this;
    }

    public JsonWriter value(long number) {
        separate();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean flag) {
        separate();
        out.append(flag);
        return this;
    }

    /** A number rounded half away from zero to {@code decimals} places, always printed with that many. */
    public JsonWriter value(double number, int decimals) {
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("not a finite number: " + number);
        }
        separate();
        // Half away from zero, so a value and its negation print as mirror images.
        long scaled = Math.round(Math.abs(number) * POW10[decimals]);
        if (number < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / POW10[decimals]);
        if (decimals > 0) {
            String fraction = Long.toString(scaled % POW10[decimals]);
            out.append('.');
            for (int i = fraction.length(); i < decimals; i++) {
                out.append('0');
            }
            out.append(fraction);
        }
        return this;
    }

    /** Inserts already-serialized JSON (used for pre-rendered samples inside a backlog array). */
    public JsonWriter raw(String json) {
        separate();
        out.append(json);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (started[depth]) {
                out.append(',');
            }
            started[depth] = true;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
