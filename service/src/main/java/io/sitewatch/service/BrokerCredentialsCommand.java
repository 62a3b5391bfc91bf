package io.sitewatch.service;

import io.sitewatch.core.model.Topic;
import io.sitewatch.core.registry.Device;
import io.sitewatch.registry.RegistryStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch broker-credentials --out DIR}: each device of the registry gets its own MQTT
 * account, and Mosquitto's password file ({@code DIR/passwords}) and ACL ({@code DIR/acl}) are
 * written for them and for SiteWatch's own account.
 *
 * <p>Run again whenever devices change: a device that already has a password keeps it (its hash
 * is carried over from the existing file), a new device gets a new one, a device no longer
 * registered loses its account, and {@code --reissue} replaces the password of the named
 * accounts. New passwords are written once, in clear, to a file only the owner can read, for the
 * devices' installers; SiteWatch stores them nowhere (the password file holds PBKDF2 hashes, the
 * database nothing). Mosquitto reads both files again on SIGHUP ({@code --reload-pid-file}).
 *
 * <p>Reads the registry only, over a read-only connection.
 */
@Command(name = "broker-credentials", mixinStandardHelpOptions = true,
        description = {"Give every registered device its own MQTT password and write Mosquitto's password file and ACL (docs/broker.md).",
                "为每台登记的设备签发独立的 MQTT 口令，并生成 Mosquitto 的口令文件与访问控制列表（见 docs/broker.md）。"})
final class BrokerCredentialsCommand implements Callable<Integer> {

    static final String PASSWORDS = "passwords";
    static final String ACL = "acl";
    /** Exit status of a run refused for a reason the user can fix (the same as a bad option). */
    static final int REFUSED = 2;
    private static final Set<PosixFilePermission> OWNER_GROUP_READ = PosixFilePermissions.fromString("rw-r-----");
    private static final String BROKER_GROUP = "mosquitto";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true,
            description = "Folder of Mosquitto's files, e.g. /etc/mosquitto/sitewatch: writes passwords and acl there, keeping the passwords already issued.")
    Path out;

    @Option(names = "--service-user", defaultValue = "${env:SITEWATCH_MQTT_USERNAME:-sitewatch-ingest}",
            description = "SiteWatch's own account, which reads every device topic (env SITEWATCH_MQTT_USERNAME, default ${DEFAULT-VALUE}).")
    String serviceUser;

    @Option(names = "--reissue", split = ",", paramLabel = "ACCOUNT",
            description = "Issue a new password to these accounts (device ids or the service user) although they have one.")
    List<String> reissue = new ArrayList<>();

    @Option(names = "--issued", paramLabel = "FILE",
            description = "Where the new passwords go, in clear, readable by the owner only (default: DIR/issued-<UTC time>.csv).")
    Path issued;

    @Option(names = "--reload-pid-file", paramLabel = "FILE",
            description = "Mosquitto's pid file: send it SIGHUP once the files are written, so it reads them again.")
    Path reloadPidFile;

    @Option(names = "--jdbc-url", defaultValue = "${env:SITEWATCH_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/sitewatch}",
            converter = OptionValues.JdbcUrl.class, description = "Database (env SITEWATCH_JDBC_URL, default ${DEFAULT-VALUE}).")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:SITEWATCH_DB_USER:-postgres}", description = "Database user (env SITEWATCH_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:SITEWATCH_DB_PASSWORD}", description = "Database password (env SITEWATCH_DB_PASSWORD).")
    String dbPassword;

    private final SecureRandom random = new SecureRandom();

    /** One account issued a password by this run, for the file of new passwords. */
    record Issued(String username, String siteId, String password) {
    }

    @Override
    public Integer call() throws Exception {
        if (!Topic.isValidId(serviceUser)) {
            return refuse("--service-user '" + serviceUser + "' 应为 1–64 个 A-Z a-z 0-9 _ - 字符"
                    + " / --service-user '" + serviceUser + "' must be 1-64 of A-Z a-z 0-9 _ -");
        }
        List<Device> devices;
        try {
            devices = new RegistryStore(readOnly()).devices(null);
        } catch (SQLException e) {
            return refuse(databaseProblem(e));
        }
        Map<String, Device> byId = new TreeMap<>();
        for (Device d : devices) {
            if (d.deviceId().equals(serviceUser)) {
                return refuse("设备 '" + d.deviceId() + "' 与服务账号同名：请用 --service-user 另取一个名字"
                        + " / device '" + d.deviceId() + "' has the service account's name: choose another with --service-user");
            }
            // Registered ids follow the protocol; one that does not could never publish a valid topic.
            if (Topic.isValidId(d.deviceId()) && Topic.isValidId(d.siteId())) {
                byId.put(d.deviceId(), d);
            } else {
                err("跳过设备 '" + d.deviceId() + "'：编号不符合协议 / skipped device '" + d.deviceId() + "': its id does not follow the protocol");
            }
        }
        for (String name : reissue) {
            if (!byId.containsKey(name) && !name.equals(serviceUser)) {
                return refuse("--reissue：'" + name + "' 既不是登记的设备也不是服务账号 / --reissue: '" + name
                        + "' is neither a registered device nor the service account");
            }
        }

        Path passwordFile = out.resolve(PASSWORDS);
        Map<String, String> before;
        try {
            Files.createDirectories(out);
            before = MosquittoPasswordFile.read(passwordFile);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        } catch (IOException e) {
            return refuse("--out：无法读取 " + passwordFile + "（" + e + "） / --out: cannot read " + passwordFile + " (" + e + ")");
        }
        Map<String, String> after = new TreeMap<>();
        List<Issued> issuedNow = new ArrayList<>();
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(serviceUser, "");
        byId.values().forEach(d -> accounts.put(d.deviceId(), d.siteId()));
        accounts.forEach((user, site) -> {
            String kept = before.get(user);
            if (kept != null && !reissue.contains(user)) {
                after.put(user, kept);
            } else {
                String password = MosquittoPasswordFile.newPassword(random);
                after.put(user, MosquittoPasswordFile.hash(password, random));
                issuedNow.add(new Issued(user, site, password));
            }
        });
        Set<String> revoked = new TreeSet<>(before.keySet());
        revoked.removeAll(after.keySet());

        // The new passwords first: no account may be in force whose password nobody was given.
        Path issuedFile = null;
        try {
            if (!issuedNow.isEmpty()) {
                issuedFile = issued != null ? issued : out.resolve("issued-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()) + ".csv");
                writeIssued(issuedFile, issuedNow);
            }
            replace(passwordFile, MosquittoPasswordFile.render(after));
            replace(out.resolve(ACL), BrokerAcl.render(serviceUser, List.copyOf(byId.values())));
        } catch (IOException e) {
            return refuse("无法写入文件（" + e + "） / cannot write the files (" + e + ")");
        }

        PrintWriter o = spec.commandLine().getOut();
        o.printf("口令文件 %s：%d 个账号（新签发 %d，保留 %d，撤销 %d）；访问控制列表 %s：%d 台设备%n", passwordFile, after.size(),
                issuedNow.size(), after.size() - issuedNow.size(), revoked.size(), out.resolve(ACL), byId.size());
        o.printf("password file %s: %d accounts (%d issued, %d kept, %d revoked); ACL %s: %d devices%n", passwordFile, after.size(),
                issuedNow.size(), after.size() - issuedNow.size(), revoked.size(), out.resolve(ACL), byId.size());
        if (!revoked.isEmpty()) {
            o.println("撤销 / revoked: " + String.join(", ", revoked));
        }
        if (issuedFile != null) {
            o.println("新口令仅此一次写在 " + issuedFile + "（仅属主可读）：交给设备安装人员后删除");
            o.println("new passwords, written this once to " + issuedFile + " (owner-only): hand them to the installers, then delete it");
        }
        o.flush();
        if (reloadPidFile != null) {
            return reload(o);
        }
        if (!issuedNow.isEmpty() || !revoked.isEmpty()) {
            o.println("Mosquitto 收到 SIGHUP 后生效（--reload-pid-file 或 systemctl reload mosquitto）"
                    + " / takes effect when Mosquitto gets SIGHUP (--reload-pid-file, or systemctl reload mosquitto)");
            o.flush();
        }
        return 0;
    }

    /** SIGHUP to the broker of the pid file: Mosquitto reads its password file and ACL again. */
    private int reload(PrintWriter o) throws IOException, InterruptedException {
        String pid;
        try {
            pid = Files.readString(reloadPidFile).strip();
        } catch (IOException e) {
            return refuse("--reload-pid-file：无法读取 " + reloadPidFile + "（文件已写好，请手动重载）"
                    + " / --reload-pid-file: cannot read " + reloadPidFile + " (the files are written; reload by hand)");
        }
        if (!pid.matches("\\d{1,10}")) {
            return refuse("--reload-pid-file：" + reloadPidFile + " 中不是进程号 / --reload-pid-file: " + reloadPidFile + " holds no process id");
        }
        Process kill = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            return refuse("无法向进程 " + pid + " 发送 SIGHUP（" + said + "）：文件已写好，请手动重载"
                    + " / cannot send SIGHUP to process " + pid + " (" + said + "): the files are written; reload by hand");
        }
        o.println("已通知 Mosquitto（进程 " + pid + "）重新读取 / Mosquitto (process " + pid + ") told to read them again (SIGHUP)");
        o.flush();
        return 0;
    }

    private static void writeIssued(Path file, List<Issued> accounts) throws IOException {
        StringBuilder csv = new StringBuilder("username,site_id,password\n");
        for (Issued a : accounts) {
            csv.append(a.username()).append(',').append(a.siteId()).append(',').append(a.password()).append('\n');
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".issued", ".tmp");
        try {
            restrict(tmp, OWNER_ONLY);
            Files.writeString(tmp, csv, StandardCharsets.UTF_8);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces {@code file} at once (write beside it, then rename): a broker reloading meanwhile
     * reads the old file or the new one, never half of one. The broker reads both files after it
     * has dropped root for its own user, so the new file keeps the old one's permissions and group,
     * else it is owner read-write, group read, in the group {@code mosquitto} where there is one.
     */
    private void replace(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                boolean existed = Files.exists(file);
                view.setPermissions(existed ? Files.getPosixFilePermissions(file) : OWNER_GROUP_READ);
                GroupPrincipal group = existed ? Files.readAttributes(file, PosixFileAttributes.class).group() : brokerGroup();
                if (group != null) {
                    try {
                        view.setGroup(group);
                    } catch (IOException notAllowed) {
                        err("无法把 " + file + " 交给用户组 " + group.getName() + "：请确认 Mosquitto 能读取它 / cannot give " + file
                                + " to group " + group.getName() + ": make sure Mosquitto can read it");
                    }
                }
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The group Debian's Mosquitto runs as, when this machine has it. */
    private static GroupPrincipal brokerGroup() {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(BROKER_GROUP);
        } catch (IOException | UnsupportedOperationException none) {
            return null;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path file, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }

    /** A connection on which the database itself refuses every write. */
    private PGSimpleDataSource readOnly() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(dbUser);
        if (dbPassword != null) {
            ds.setPassword(dbPassword);
        }
        ds.setReadOnly(true);
        ds.setOptions("-c default_transaction_read_only=on");
        ds.setApplicationName("sitewatch broker-credentials");
        return ds;
    }

    private String databaseProblem(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String line = CliErrors.firstLine(e.getMessage());
        if (state.equals("42P01")) {
            return "数据库里没有 SiteWatch 的表：请先在它上面启动一次服务（./sitewatch serve）并登记设备"
                    + " / the database has no SiteWatch tables: start the service on it once (./sitewatch serve) and register the devices";
        }
        if (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D")) {
            return "无法连接数据库 " + jdbcUrl + "（" + line + "）：请检查 --jdbc-url、--db-user、--db-password"
                    + " / cannot reach the database " + jdbcUrl + " (" + line + "): check --jdbc-url, --db-user, --db-password";
        }
        return "读取设备登记失败（" + line + "） / reading the device registry failed (" + line + ")";
    }

    private void err(String line) {
        PrintWriter e = spec.commandLine().getErr();
        e.println(spec.root().name() + ": " + line);
        e.flush();
    }

    private int refuse(String line) {
        err(line);
        return REFUSED;
    }
}
