package io.sitewatch.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The type of one field of an event's {@code data}: string, number, integer, boolean, date
 * (YYYY-MM-DD), scalar (text or number), id (1–64 of {@code A-Z a-z 0-9 _ -}, as site and device
 * ids), device (an id that must also name a registered device of the sender's site: the validator
 * checks the registry), clause (a clause of the 重大事故隐患判定标准: edition year, article and
 * optionally item and sub-item, e.g. {@code 2024-8-1} for the 2024 edition 第八条(一)), or a list of
 * allowed strings.
 */
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
            case "id" -> Simple.ID;
            case "device" -> Simple.DEVICE;
            case "clause" -> Simple.CLAUSE;
            default -> throw new IllegalArgumentException("unknown field type: " + spec);
        };
    }

    enum Simple implements FieldType {
        STRING, NUMBER, INTEGER, BOOLEAN, DATE, SCALAR, ID, DEVICE, CLAUSE;

        /** Edition year, article, then up to two item numbers: 2024-8-1, 2024-16, 2024-5-4-1. */
        private static final java.util.regex.Pattern CLAUSE_TEXT =
                java.util.regex.Pattern.compile("[12][0-9]{3}-[1-9][0-9]?(-[1-9][0-9]?){0,2}");

        @Override
        public String check(JsonNode v) {
            boolean ok = switch (this) {
                case STRING -> v.isTextual() && !v.asText().isBlank();
                case NUMBER -> v.isNumber();
                case INTEGER -> v.isIntegralNumber();
                case BOOLEAN -> v.isBoolean();
                case DATE -> v.isTextual() && isDate(v.asText());
                case SCALAR -> v.isTextual() || v.isNumber();
                case ID, DEVICE -> v.isTextual() && io.sitewatch.core.model.Topic.isValidId(v.asText());
                case CLAUSE -> v.isTextual() && CLAUSE_TEXT.matcher(v.asText()).matches();
            };
            return ok ? null : switch (this) {
                case ID, DEVICE -> "must be an id of 1–64 characters A-Z a-z 0-9 _ -";
                case CLAUSE -> "must name a clause as edition-article[-item[-subitem]], e.g. 2024-8-1";
                default -> "must be " + name().toLowerCase();
            };
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
