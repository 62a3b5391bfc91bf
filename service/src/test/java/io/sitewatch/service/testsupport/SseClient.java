package io.sitewatch.service.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads the alarm stream as a browser's EventSource would, collecting the {@code alarm} events. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    /** Completed by the server's first comment, {@code : connected}, written as it subscribes this client. */
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile int status;

    public SseClient(int port, String token, String query) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alarms/stream" + query))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            status = r.statusCode();
            Thread t = new Thread(() -> {
                String event = null;
                try {
                    for (String line : (Iterable<String>) r.body()::iterator) {
                        if (line.equals(": connected")) {
                            subscribed.complete(null);
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:") && "alarm".equals(event)) {
                            events.add(JSON.readTree(line.substring(5).trim()));
                        }
                    }
                } catch (Exception ignored) {
                    // stream closed
                }
            }, "sse-test-reader");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Waits until the server has subscribed this client to the alarm feed: it answers 200, then
     * writes the comment {@code : connected} in the same event-loop task as it registers the
     * subscription, before anything a test does next can raise an alarm.
     */
    public SseClient awaitOpen() throws Exception {
        // The status from the response itself: the callback that also records it may not have run yet.
        status = response.get(10, TimeUnit.SECONDS).statusCode();
        if (status != 200) {
            throw new AssertionError("stream answered " + status);
        }
        subscribed.get(10, TimeUnit.SECONDS);
        return this;
    }

    public JsonNode next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The events received until one matches {@code marker}, that one included; an AssertionError
     * listing what came if none does within {@code timeout}.
     */
    public List<JsonNode> through(Predicate<JsonNode> marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> seen = new ArrayList<>();
        while (seen.isEmpty() || !marker.test(seen.get(seen.size() - 1))) {
            JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no marker event within " + timeout.toMillis() + " ms; received: " + seen);
            }
            seen.add(e);
        }
        return seen;
    }

    /** All events received so far. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    public int status() {
        return status;
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
