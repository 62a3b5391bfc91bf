package io.sitewatch.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sitewatch.core.model.IngestRecord;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.core.registry.Device;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decimals are read with Jackson's fast double parser: every value must be the double
 * {@code Double.parseDouble} gives for the same text, bit for bit (stored values and alarm
 * thresholds compare exactly).
 */
class NumberReadingTest {

    private static final long NOW = 1_764_230_400_000L;
    private static final Device DEVICE = new Device("X1", "S1", "kind_from_the_future", "x", 60,
            JsonNodeFactory.instance.objectNode());

    private final MessageReader reader = new MessageReader(WireProtocol.v1(), id -> DEVICE);

    @Test
    void everyDecimalReadsAsDoubleParseDoubleReadsIt() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            String text = decimal(random);
            double read = read(text);
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(read), text);
        }
        for (String text : new String[] {"0.1", "-0.0", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308",
                "9007199254740993.0", "0.30000000000000004", "123456789012345678901234567890.5", "1e22", "1e23", "-1.5E-7"}) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(read(text)), text);
        }
    }

    private double read(String number) {
        String payload = "{\"ts\":" + NOW + ",\"values\":{\"v\":" + number + "}}";
        Object r = ((ValidationResult.Accepted) reader.read("sitewatch/v1/S1/X1/telemetry",
                payload.getBytes(StandardCharsets.UTF_8), NOW).result()).record();
        return assertInstanceOf(IngestRecord.Telemetry.class, r).samples().get(0).values().get("v");
    }

    /** Short decimals as devices send them, long ones, and exponents across the double range. */
    private static String decimal(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> String.format(Locale.ROOT, "%." + (1 + random.nextInt(5)) + "f", (random.nextDouble() - 0.5) * 2000);
            case 1 -> Double.toString(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL));
            case 2 -> (random.nextBoolean() ? "-" : "") + random.nextInt(1_000_000) + "." + Math.abs(random.nextLong())
                    + "e" + (random.nextInt(600) - 300);
            default -> random.nextInt(100) + "." + String.format(Locale.ROOT, "%017d", Math.abs(random.nextLong() % 100_000_000_000_000_000L));
        };
    }
}
