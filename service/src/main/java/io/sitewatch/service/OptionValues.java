package io.sitewatch.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks of the launcher's option values while the command line is read, before anything starts:
 * a bad value is refused with what would be valid (Chinese, then English); {@link CliErrors} puts
 * the option's name in front.
 */
final class OptionValues {

    private OptionValues() {
    }

    /** A TCP port, 0 to 65535 (0: any free one). */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new TypeConversionException("'" + value + "' 不是端口号，应为 0 到 65535 的整数"
                    + " / '" + value + "' is not a port; expected a whole number from 0 to 65535");
        }
    }

    /** An address of this machine to listen on: an IP literal (127.0.0.1, 0.0.0.0, ::1) or localhost. */
    static final class BindAddress implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.trim();
            boolean ipv4 = v.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
            boolean ipv6 = v.matches("[0-9A-Fa-f:]+") && v.contains(":");
            if (ipv4 || ipv6 || v.equals("localhost")) {
                return v;
            }
            throw new TypeConversionException("'" + value + "' 不是本机地址，应如 127.0.0.1（仅本机）或 0.0.0.0（所有网卡）"
                    + " / '" + value + "' is not an address to listen on; e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)");
        }
    }

    /** auto, on or off. */
    static final class Timescale implements ITypeConverter<String> {
        static final List<String> VALID = List.of("auto", "on", "off");

        @Override
        public String convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!VALID.contains(v)) {
                throw new TypeConversionException("'" + value + "' 无效，可用：auto（有 TimescaleDB 就用）、on（必须用）、off（不用）"
                        + " / '" + value + "' is not valid; valid: auto (TimescaleDB when available), on (required), off (never)");
            }
            return v;
        }
    }

    /** An MQTT broker as tcp://host:port (port 1883 when left out) or ssl://host:port (TLS, 8883), as the service reads it. */
    static final class MqttUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!brokerAddress(value)) {
                throw new TypeConversionException("'" + value + "' 不是 MQTT 地址，应如 tcp://127.0.0.1:1883（TLS：ssl://broker:8883）"
                        + " / '" + value + "' is not an MQTT broker address; expected tcp://host:port, e.g. tcp://127.0.0.1:1883"
                        + " (TLS: ssl://host:port)");
            }
            return value;
        }
    }

    private static boolean brokerAddress(String value) {
        if (!value.startsWith("tcp://") && !value.startsWith("ssl://")) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && uri.getPort() <= 65535 && uri.getPort() != 0;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A PostgreSQL JDBC URL. */
    static final class JdbcUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.startsWith("jdbc:postgresql:")) {
                throw new TypeConversionException("'" + value + "' 不是 PostgreSQL 的 JDBC 地址，应如 jdbc:postgresql://127.0.0.1:5432/sitewatch"
                        + " / '" + value + "' is not a PostgreSQL JDBC URL; expected e.g. jdbc:postgresql://127.0.0.1:5432/sitewatch");
            }
            return value;
        }
    }

    /** A configuration file that is there and readable. */
    static final class ExistingFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p;
            try {
                p = Path.of(value);
            } catch (InvalidPathException e) {
                p = null;
            }
            if (p == null || !Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new TypeConversionException("找不到文件或无法读取 '" + value + "'，应为 YAML 配置文件（见 docs/configuration.md）"
                        + " / no readable file '" + value + "'; expected a YAML configuration file (see docs/configuration.md)");
            }
            return p;
        }
    }
}
