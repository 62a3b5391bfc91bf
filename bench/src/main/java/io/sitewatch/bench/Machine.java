package io.sitewatch.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the figures were measured on, and CPU time of processes from /proc (Linux). */
final class Machine {

    private static final long MS_PER_TICK = 10; // USER_HZ is 100 on Linux

    private Machine() {
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String describe() {
        String cpu = "?";
        long memKb = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: describe what is known
        }
        return cores() + " cores (" + cpu + "), " + String.format("%.1f", memKb / 1024.0 / 1024.0) + " GiB, Java "
                + System.getProperty("java.version");
    }

    /** The numeric settings of the Mosquitto tuning file, on one line. */
    static String tuningSummary(Path tuning) {
        List<String> settings = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(tuning)) {
                String t = l.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    settings.add(t);
                }
            }
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        return String.join(", ", settings);
    }

    /** User + system CPU time of a process, ms; 0 when unknown. */
    static long cpuMillis(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User + system CPU time of every process named postgres (server and backends), ms. */
    static long postgresCpuMillis() {
        long total = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        total += ticks(stat);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total * MS_PER_TICK;
    }

    /** CPU time used by everything on the machine since boot (all cores, idle and iowait excluded), ms. */
    static long busyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return busy * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields after the command: state(0) ppid(1) ... utime(11) stime(12)
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
