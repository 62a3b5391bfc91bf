package io.sitewatch.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps what the launcher started and closes it in reverse order on Ctrl-C (SIGINT/SIGTERM) or on
 * a failed start, so the database is never stopped before the service has committed its backlog.
 */
final class Lifecycle {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Lifecycle() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "sitewatch-shutdown"));
    }

    <T extends AutoCloseable> T add(T component) {
        synchronized (started) {
            started.push(component);
        }
        return component;
    }

    /** Blocks until the JVM is asked to stop. */
    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    void closeAll() {
        while (true) {
            AutoCloseable c;
            synchronized (started) {
                c = started.poll();
            }
            if (c == null) {
                break;
            }
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping " + c.getClass().getSimpleName() + ": " + e);
            }
        }
        stopped.countDown();
    }
}
