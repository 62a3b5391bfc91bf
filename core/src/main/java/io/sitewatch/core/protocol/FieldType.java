package io.sitewatch.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** The type of one required field of an event's {@code data}. */
public sealed interface FieldType {

    /** Null when the value fits, else a short reason. */
    String check(JsonNode value);

    static FieldType parse(Object spec) {
        if (spec instanceof List<?> values) {
            return new OneOf(values.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet()));
        }
        return switch (String.valueOf(spec)) {
            case "string" -> Simple.STRING;
            case "number" -> Simple.NUMBER;
            case "integer" -> Simple.INTEGER;
            case "boolean" -> Simple.BOOLEAN;
            case "date" -> Simple.DATE;
            case "scalar" -> Simple.SCALAR;
            default -> throw new IllegalArgumentException("unknown field type: " + spec);
        };
    }

    enum Simple implements FieldType {
        STRING, NUMBER, INTEGER, BOOLEAN, DATE, SCALAR;

        @Override
        public String check(JsonNode v) {
            boolean ok = switch (this) {
                case STRING -> v.isTextual() && !v.asText().isBlank();
                case NUMBER -> v.isNumber();
                case INTEGER -> v.isIntegralNumber();
                case BOOLEAN -> v.isBoolean();
                case DATE -> v.isTextual() && isDate(v.asText());
                case SCALAR -> v.isTextual() || v.isNumber();
            };
            return ok ? null : "must be " + name().toLowerCase();
        }

        private static boolean isDate(String text) {
            try {
                LocalDate.parse(text);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    record OneOf(Set<String> allowed) implements FieldType {
        @Override
        public String check(JsonNode v) {
            return v.isTextual() && allowed.contains(v.asText()) ? null : "must be one of " + allowed;
        }
    }
}
