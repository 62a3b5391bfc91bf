package io.sitewatch.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fails early, with the option to change, when a port the launcher needs is taken. */
final class PortCheck {

    private PortCheck() {
    }

    /** Throws {@link LaunchException} naming the port, its use and the option that changes it. */
    static void requireFree(int port, String use, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
        } catch (IOException e) {
            throw new LaunchException("端口 " + port + "（" + use + "）已被占用，请用 " + option + " 换一个"
                    + " / port " + port + " (" + use + ") is already in use; choose another with " + option);
        }
    }
}
