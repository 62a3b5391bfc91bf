package io.sitewatch.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written topic scan against the split-and-regex parser it replaced. */
class TopicTest {

    /** The parser as it was before the scan: the reference for which topics are valid. */
    private static final class RegexTopic {
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        static boolean isValidId(String id) {
            return id != null && ID.matcher(id).matches();
        }

        static Topic parse(String topic) {
            if (topic == null || !topic.startsWith(Topic.PREFIX)) {
                return null;
            }
            String[] levels = topic.substring(Topic.PREFIX.length()).split("/", -1);
            if (levels.length != 3 || !isValidId(levels[0]) || !isValidId(levels[1])) {
                return null;
            }
            for (Channel c : Channel.values()) {
                if (c.wireName().equals(levels[2])) {
                    return new Topic(levels[0], levels[1], c);
                }
            }
            return null;
        }
    }

    private static final String[] PREFIXES = {"sitewatch/v1/", "sitewatch/v1", "sitewatch/v2/", "Sitewatch/v1/",
            "/sitewatch/v1/", "", "sitewatch/v1//", " sitewatch/v1/"};
    private static final String[] CHANNELS = {"telemetry", "event", "status", "", "Telemetry", "telemetry/",
            "telemetr", "telemetryx", "events", "status/x", "+", "#", "telemetry ", "/telemetry"};
    private static final String ID_CHARS = "azAZ09_-";
    private static final String OTHER_CHARS = "/+#. é\u0000\t塔Ａ";

    private static String id(Random rnd) {
        int length = switch (rnd.nextInt(16)) {
            case 0 -> 0;
            case 1 -> 64;
            case 2 -> 65;
            case 3 -> 63 + rnd.nextInt(4);
            default -> 1 + rnd.nextInt(10);
        };
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            String pool = rnd.nextInt(100) == 0 ? OTHER_CHARS : ID_CHARS;
            b.append(pool.charAt(rnd.nextInt(pool.length())));
        }
        return b.toString();
    }

    @Test
    void acceptsExactlyTheTopicsTheRegexParserAccepted() {
        Random rnd = new Random(20251127);
        List<String> topics = new ArrayList<>(List.of("sitewatch/v1/S1/TC1/telemetry", "sitewatch/v1/S1/TC1/event",
                "sitewatch/v1/S1/TC1/status", "sitewatch/v1/S1/TC1/telemetry/", "sitewatch/v1/S1/TC1/", "sitewatch/v1/S1/TC1",
                "sitewatch/v1/S1//telemetry", "sitewatch/v1//TC1/telemetry", "sitewatch/v1/", "sitewatch/v1", "",
                "sitewatch/v1/S1/TC1/telemetry/extra", "sitewatch/v1/S 1/TC1/telemetry", "sitewatch/v1/S1/TC1/+",
                "sitewatch/v1/" + "a".repeat(64) + "/" + "b".repeat(64) + "/event",
                "sitewatch/v1/" + "a".repeat(65) + "/b/event", "sitewatch/v1/a/" + "b".repeat(65) + "/event"));
        for (int i = 0; i < 200_000; i++) {
            String topic = PREFIXES[rnd.nextInt(10) < 8 ? 0 : rnd.nextInt(PREFIXES.length)] + id(rnd)
                    + (rnd.nextInt(30) == 0 ? "" : "/") + id(rnd) + (rnd.nextInt(30) == 0 ? "//" : "/")
                    + CHANNELS[rnd.nextInt(4) > 0 ? rnd.nextInt(3) : rnd.nextInt(CHANNELS.length)];
            topics.add(topic);
        }
        int valid = 0;
        for (String topic : topics) {
            Topic expected = RegexTopic.parse(topic);
            assertEquals(expected, Topic.parse(topic), topic);
            valid += expected == null ? 0 : 1;
        }
        assertNull(Topic.parse(null));
        // Both outcomes must be well represented, or the comparison proves little.
        assertTrue(valid > topics.size() / 5 && valid < topics.size() * 4 / 5, valid + " of " + topics.size() + " valid");
    }

    @Test
    void isValidIdMatchesTheRegex() {
        Random rnd = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            String id = id(rnd);
            assertEquals(RegexTopic.isValidId(id), Topic.isValidId(id), id);
        }
        assertFalse(Topic.isValidId(null));
        assertTrue(Topic.isValidId("TC-0001_a"));
    }

    @Test
    void parsesTheLevels() {
        assertEquals(new Topic("S01", "TC0001", Channel.TELEMETRY), Topic.parse("sitewatch/v1/S01/TC0001/telemetry"));
        assertEquals("sitewatch/v1/S01/TC0001/status", Topic.parse("sitewatch/v1/S01/TC0001/status").wire());
    }
}
