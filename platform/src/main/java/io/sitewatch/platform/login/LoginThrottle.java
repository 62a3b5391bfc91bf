package io.sitewatch.platform.login;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #MAX_PER_USER} failed logins for one username, or
 * {@link #MAX_PER_ADDRESS} from one address, within {@link #WINDOW_MS}, further attempts are refused
 * (429) until the oldest failure leaves the window. A success clears the username's failures.
 */
public final class LoginThrottle {

    static final int MAX_PER_USER = 5;
    static final int MAX_PER_ADDRESS = 20;
    static final long WINDOW_MS = 15 * 60_000L;
    /** Beyond this many tracked keys, idle ones are dropped (a flood of made-up usernames). */
    private static final int MAX_KEYS = 100_000;

    private final InstantSource clock;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** Seconds to wait before trying again, or 0 when an attempt is allowed now. */
    public long retryAfterS(String username, String address) {
        long now = clock.millis();
        return Math.max(wait(key("u", username), MAX_PER_USER, now), wait(key("a", address), MAX_PER_ADDRESS, now));
    }

    public void failed(String username, String address) {
        long now = clock.millis();
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(d -> d.isEmpty() || d.peekLast() < now - WINDOW_MS);
        }
        add(key("u", username), now);
        add(key("a", address), now);
    }

    public void succeeded(String username) {
        failures.remove(key("u", username));
    }

    private static String key(String kind, String value) {
        return kind + ":" + (value == null ? "" : value.toLowerCase(java.util.Locale.ROOT));
    }

    private void add(String key, long now) {
        Deque<Long> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(now);
            while (d.size() > MAX_PER_ADDRESS) {
                d.removeFirst();
            }
        }
    }

    private long wait(String key, int max, long now) {
        Deque<Long> d = failures.get(key);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            while (!d.isEmpty() && d.peekFirst() <= now - WINDOW_MS) {
                d.removeFirst();
            }
            if (d.size() < max) {
                return 0;
            }
            // The attempt is allowed again when enough failures have left the window.
            long freeAt = d.stream().skip(d.size() - max).findFirst().orElse(now) + WINDOW_MS;
            return Math.max(1, (freeAt - now + 999) / 1000);
        }
    }
}
