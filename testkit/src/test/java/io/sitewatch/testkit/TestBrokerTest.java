package io.sitewatch.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestBrokerTest {

    @Test
    void startsWithTheProjectTuningAndRestartsOnTheSamePort(@TempDir Path dir) throws Exception {
        try (TestBroker broker = TestBroker.builder().directory(dir).start()) {
            int port = broker.port();
            assertEquals("tcp://127.0.0.1:" + port, broker.url());
            assertTrue(accepts(port), "listening once start() returns");
            String conf = Files.readString(dir.resolve("mosquitto.conf"));
            assertTrue(conf.contains("listener " + port + " 127.0.0.1"), conf);
            assertTrue(conf.contains("max_queued_messages 0"), "the project's tuning is applied: " + conf);

            broker.stop();
            assertFalse(accepts(port), "stopped");
            broker.restart();
            assertEquals(port, broker.port());
            assertTrue(accepts(port), "listening again on the same port");
        }
    }

    @Test
    void aMissingBinaryFailsSayingHowToInstallIt(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TestBroker.builder().binary(dir.resolve("no-such-mosquitto")).start());
        assertTrue(e.getMessage().contains("apt-get install mosquitto"), e.getMessage());
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
