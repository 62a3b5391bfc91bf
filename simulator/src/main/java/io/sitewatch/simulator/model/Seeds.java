package io.sitewatch.simulator.model;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run's seed and a name (device id, site id), so a
 * device's behaviour does not depend on how many other devices exist or in which order they step.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long mix(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return scramble(seed ^ h);
    }

    public static SplittableRandom random(long seed, String name) {
        return new SplittableRandom(mix(seed, name));
    }

    /** SplitMix64 finaliser: spreads nearby inputs over the whole range. */
    static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
