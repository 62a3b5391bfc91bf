package io.sitewatch.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHolds() throws Exception {
        CountDownLatch later = new CountDownLatch(1);
        Thread t = new Thread(later::countDown);
        t.start();
        Await.until("the other thread", Duration.ofSeconds(10), () -> later.getCount() == 0);
        t.join();
    }

    @Test
    void aTimeoutNamesWhatWasAwaited() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("the impossible", Duration.ofMillis(50), () -> false));
        assertTrue(e.getMessage().contains("the impossible"), e.getMessage());
    }

    @Test
    void untilCheckedRetriesFailingChecksAndReportsTheLastOne() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Await.untilChecked("the third call", Duration.ofSeconds(10), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("not yet");
            }
            return true;
        });
        assertEquals(3, calls.get());

        IOException down = new IOException("still down");
        AssertionError e = assertThrows(AssertionError.class, () -> Await.untilChecked("a dead server",
                Duration.ofMillis(50), () -> {
                    throw down;
                }));
        assertSame(down, e.getCause());
    }

    @Test
    void pollSaysWhetherTheConditionHeldAndLetsItsFailurePass() throws Exception {
        assertTrue(Await.poll(Duration.ofSeconds(1), () -> true));
        assertFalse(Await.poll(Duration.ofMillis(30), () -> false));
        IOException boom = new IOException("boom");
        assertSame(boom, assertThrows(IOException.class, () -> Await.poll(Duration.ofSeconds(1), () -> {
            throw boom;
        })));
    }
}
