package io.sitewatch.simulator.mqtt;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish accounting: {@code sent} = handed to the client, {@code acked} = PUBACK received (QoS 1)
 * or written to the socket (QoS 0, which has no acknowledgement), {@code errors} = refused or failed.
 */
public final class PublishCounters {
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public void sent() {
        sent.increment();
    }

    public void acked() {
        acked.increment();
    }

    public void error(String why) {
        errors.increment();
        lastError.set(why);
    }

    public long sentCount() {
        return sent.sum();
    }

    public long ackedCount() {
        return acked.sum();
    }

    public long errorCount() {
        return errors.sum();
    }

    public String lastError() {
        return lastError.get();
    }
}
