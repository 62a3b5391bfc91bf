package io.sitewatch.core.protocol;

import java.util.Map;
import java.util.Set;

/**
 * An event type of the wire protocol: which device kinds may send it (empty = any kind), the
 * fields its {@code data} object must carry, and the fields it may carry (checked when present and
 * not null; since 1.1, e.g. a hazard report's {@code hazard_id}).
 */
public record EventSpec(String type, Set<String> kinds, Map<String, FieldType> fields, Map<String, FieldType> optional) {

    public EventSpec {
        kinds = Set.copyOf(kinds);
        fields = Map.copyOf(fields);
        optional = Map.copyOf(optional);
    }

    public EventSpec(String type, Set<String> kinds, Map<String, FieldType> fields) {
        this(type, kinds, fields, Map.of());
    }

    public boolean allowsKind(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }
}
