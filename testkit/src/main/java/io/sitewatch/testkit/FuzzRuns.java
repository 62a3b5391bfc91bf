package io.sitewatch.testkit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The inputs one fuzz target ran, and a check for its {@code @AfterAll} that the run was what it
 * claims: while Jazzer fuzzes ({@code JAZZER_FUZZ} set, as in the fuzz profile) the target must
 * have run far more inputs than its seeds, so a target that was skipped or only replayed its seeds
 * fails instead of passing as fuzzed; in a plain build it must have replayed its seed directory (a
 * misnamed directory leaves only Jazzer's empty input).
 */
public final class FuzzRuns {

    /** Far below what one minute of fuzzing runs, far above any target's seeds. */
    static final long MIN_FUZZED = 500;

    private final String target;
    private final int minSeeds;
    private final AtomicLong runs = new AtomicLong();

    /** @param minSeeds how many inputs the target's seed directory holds at least */
    public FuzzRuns(String target, int minSeeds) {
        this.target = target;
        this.minSeeds = minSeeds;
    }

    public void count() {
        runs.incrementAndGet();
    }

    public long runs() {
        return runs.get();
    }

    /** Whether this JVM fuzzes (Jazzer's switch, as an environment variable or a system property). */
    public static boolean fuzzing() {
        return on(System.getenv("JAZZER_FUZZ")) || on(System.getProperty("JAZZER_FUZZ"));
    }

    private static boolean on(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
    }

    /** Fails unless the target ran as fuzzed (fuzzing) or over its seeds (regression). */
    public void check() {
        long n = runs.get();
        if (fuzzing() && n < MIN_FUZZED) {
            throw new AssertionError(target + " ran " + n + " inputs with JAZZER_FUZZ set; a fuzz run reaches "
                    + MIN_FUZZED + " and more (was it skipped, or did it only replay its seeds?)");
        }
        if (!fuzzing() && n < minSeeds) {
            throw new AssertionError(target + " replayed " + n + " inputs, expected its " + minSeeds
                    + " seeds at least (src/test/resources/<package>/<Class>Inputs/<method>/)");
        }
    }
}
