package io.sitewatch.simulator.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonWriterTest {
    @Test
    void numbersAreRoundedToTheirResolutionWithFixedDecimals() {
        String json = new JsonWriter().beginObject()
                .name("a").value(78.46, 1)
                .name("b").value(-0.04, 1)
                .name("c").value(2.0, 2)
                .name("d").value(-12.346, 2)
                .name("e").value(1234.5, 0)
                .endObject().toString();
        assertEquals("{\"a\":78.5,\"b\":0.0,\"c\":2.00,\"d\":-12.35,\"e\":1235}", json);
    }

    @Test
    void stringsAreEscaped() {
        String json = new JsonWriter().beginObject().name("t").value("a\"b\\c\n\u0001闽").endObject().toString();
        assertEquals("{\"t\":\"a\\\"b\\\\c\\n\\u0001闽\"}", json);
    }

    @Test
    void sampleKeepsTheGivenKeyOrder() {
        String json = WireFormat.sample(5, 7, new Readings().put("z", 1, 0).put("a", 2.25, 1));
        assertEquals("{\"ts\":5,\"seq\":7,\"values\":{\"z\":1,\"a\":2.3}}", json);
    }

    @Test
    void nonFiniteNumbersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new JsonWriter().value(Double.NaN, 1));
    }
}
