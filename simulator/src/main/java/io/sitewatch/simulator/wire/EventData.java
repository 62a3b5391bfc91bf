package io.sitewatch.simulator.wire;

import java.util.ArrayList;
import java.util.List;

/** The ordered {@code data} object of an event. */
public final class EventData {
    private sealed interface Field permits Text, Whole, Decimal, Flag {
    }

    private record Text(String name, String value) implements Field {
    }

    private record Whole(String name, long value) implements Field {
    }

    private record Decimal(String name, double value, int decimals) implements Field {
    }

    private record Flag(String name, boolean value) implements Field {
    }

    private final List<Field> fields = new ArrayList<>(6);

    public EventData text(String name, String value) {
        fields.add(new Text(name, value));
        return this;
    }

    public EventData whole(String name, long value) {
        fields.add(new Whole(name, value));
        return this;
    }

    public EventData decimal(String name, double value, int decimals) {
        fields.add(new Decimal(name, value, decimals));
        return this;
    }

    public EventData flag(String name, boolean value) {
        fields.add(new Flag(name, value));
        return this;
    }

    /** The text value of a field, or null (lets tests and the runner inspect events). */
    public String textOf(String name) {
        for (Field f : fields) {
            if (f instanceof Text t && t.name().equals(name)) {
                return t.value();
            }
        }
        return null;
    }

    void writeTo(JsonWriter json) {
        json.beginObject();
        for (Field f : fields) {
            if (f instanceof Text t) {
                json.name(t.name()).value(t.value());
            } else if (f instanceof Whole w) {
                json.name(w.name()).value(w.value());
            } else if (f instanceof Decimal d) {
                json.name(d.name()).value(d.value(), d.decimals());
            } else if (f instanceof Flag b) {
                json.name(b.name()).value(b.value());
            }
        }
        json.endObject();
    }
}
