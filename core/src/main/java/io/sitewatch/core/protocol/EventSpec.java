package io.sitewatch.core.protocol;

import java.util.Map;
import java.util.Set;

/**
 * An event type of the wire protocol: which device kinds may send it (empty = any kind) and the
 * fields its {@code data} object must carry.
 */
public record EventSpec(String type, Set<String> kinds, Map<String, FieldType> fields) {

    public EventSpec {
        kinds = Set.copyOf(kinds);
        fields = Map.copyOf(fields);
    }

    public boolean allowsKind(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }
}
