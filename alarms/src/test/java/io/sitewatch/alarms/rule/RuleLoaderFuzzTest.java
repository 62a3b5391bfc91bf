package io.sitewatch.alarms.rule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.testkit.FuzzRuns;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the rules-file loader with YAML of any shape: every file is either loaded into rules the
 * engine can use (no level, duration or count that nothing could mean) or refused with an
 * {@link InvalidRulesException} that names the file and what is wrong. Any other exception would
 * escape a reload and leave the operator without a reason. Seeds: the bundled rules, every rule
 * type alone, and hostile files (alias bombs, deep nesting, huge numbers, wrong types).
 */
class RuleLoaderFuzzTest {

    private static final String ORIGIN = "fuzz.yaml";
    private static final FuzzRuns RUNS = new FuzzRuns("RuleLoaderFuzzTest.load", 15);
    private final RuleLoader loader = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.parse("2025-11-27T08:00:00Z")));

    @FuzzTest(maxDuration = "60s")
    void load(byte[] yaml) {
        RUNS.count();
        RuleSet set;
        try {
            set = loader.load(new ByteArrayInputStream(yaml), ORIGIN);
        } catch (InvalidRulesException refused) {
            assertNotNull(refused.getMessage());
            assertTrue(refused.getMessage().startsWith(ORIGIN + ": "), "a refusal names the file: " + refused.getMessage());
            assertTrue(refused.getMessage().length() > ORIGIN.length() + 2, "and says why");
            return;
        }
        for (AlarmRule r : set.rules()) {
            usable(r);
        }
        assertTrue(set.maxHorizonMs() >= 0);
    }

    @AfterAll
    static void ran() {
        RUNS.check();
    }

    /** What the engine takes for granted of a loaded rule. */
    private static void usable(AlarmRule r) {
        String at = r.id() + ": ";
        assertTrue(r.id().matches("[a-z0-9_]+(\\.[a-z0-9_]+)*"), at + "id");
        assertNotNull(r.type(), at + "type");
        assertFalse(r.source().isBlank(), at + "source");
        assertTrue(r.windowMs() >= 0, at + "window " + r.windowMs());
        assertTrue(r.sustain().samples() >= 1 && r.sustain().durationMs() >= 0, at + "sustain " + r.sustain());
        assertTrue(r.clear().samples() >= 1 && r.clear().durationMs() >= 0, at + "clear " + r.clear());
        assertTrue(r.minSamples() >= 1, at + "minSamples");
        assertTrue(r.horizonMs() >= 0, at + "horizon " + r.horizonMs());
        for (LevelRef level : new LevelRef[] {r.warning(), r.alarm(), r.clear().level(),
                r.day() == null ? null : r.day().warning(), r.day() == null ? null : r.day().alarm(),
                r.night() == null ? null : r.night().warning(), r.night() == null ? null : r.night().alarm(),
                r.peak() == null ? null : r.peak().percentOf()}) {
            finite(at, level);
        }
        if (r.guard() != null) {
            assertTrue(Double.isFinite(r.guard().above()), at + "if.above " + r.guard().above());
        }
        for (AlarmRule.Condition c : r.when()) {
            assertTrue(Double.isFinite(c.level()), at + "when " + c);
        }
        assertTrue(Double.isFinite(r.operatingAbove()), at + "operatingAbove " + r.operatingAbove());
        assertTrue(r.dayShare() > 0 && r.dayShare() <= 1, at + "dayShare " + r.dayShare());
    }

    /** A level compares against measured values: NaN or an infinity would never (or always) be reached. */
    private static void finite(String at, LevelRef level) {
        if (level instanceof LevelRef.Constant c) {
            assertTrue(Double.isFinite(c.value()), at + "level " + c.value());
        } else if (level instanceof LevelRef.Param p) {
            assertTrue((p.fallback() == null || Double.isFinite(p.fallback())) && Double.isFinite(p.factor()), at + "level " + p);
        } else if (level instanceof LevelRef.Choice c) {
            assertTrue(Double.isFinite(c.fallback()) && Double.isFinite(c.factor())
                    && c.cases().values().stream().allMatch(Double::isFinite), at + "level " + c);
        }
    }
}
