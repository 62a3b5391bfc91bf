package io.sitewatch.simulator.cli;

import picocli.CommandLine;

import java.time.Duration;

/** Reads durations as 120s, 5m, 2h, 3d, 500ms or ISO-8601 (PT2M). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase();
        if (v.startsWith("p")) {
            return Duration.parse(value.trim().toUpperCase());
        }
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(Long.parseLong(v));
            };
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a duration: " + value + " (use 120s, 5m, 2h, 1d)");
        }
    }
}
