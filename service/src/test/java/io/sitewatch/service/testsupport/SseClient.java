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
import java.util.stream.Stream;

/** Reads the alarm stream as a browser's EventSource would, collecting the {@code alarm} events. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
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
                        if (line.startsWith("event:")) {
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

    /** Waits until the stream answered (the server has registered the subscriber). */
    public SseClient awaitOpen() throws Exception {
        response.get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        if (status != 200) {
            throw new AssertionError("stream answered " + status);
        }
        return this;
    }

    public JsonNode next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
