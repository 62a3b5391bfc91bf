package io.sitewatch.service;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module graph of docs/architecture.md, held: dependencies run one way, no package cycles, the
 * simulator knows only the wire protocol and the fleet-file format (with the calendar and personnel
 * values it describes), core stays free of Vert.x and JDBC, and no module runs SQL on another
 * module's tables (it reads them through the owner's port).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sitewatch");

    /** The repository root (the tests run in service/). */
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @Test
    void modulesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("core").definedBy("io.sitewatch.core..")
                .layer("platform").definedBy("io.sitewatch.platform..")
                .layer("registry").definedBy("io.sitewatch.registry..")
                .layer("ingest").definedBy("io.sitewatch.ingest..")
                .layer("alarms").definedBy("io.sitewatch.alarms..")
                .layer("rating").definedBy("io.sitewatch.rating..")
                .layer("supervision").definedBy("io.sitewatch.supervision..")
                .layer("simulator").definedBy("io.sitewatch.simulator..")
                .layer("service").definedBy("io.sitewatch.service..")
                .layer("testkit").definedBy("io.sitewatch.testkit..")
                .whereLayer("service").mayNotBeAccessedByAnyLayer()
                .whereLayer("rating").mayOnlyBeAccessedByLayers("service")
                .whereLayer("supervision").mayOnlyBeAccessedByLayers("service")
                .whereLayer("alarms").mayOnlyBeAccessedByLayers("service")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("service")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("service")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("service")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("registry", "ingest", "alarms", "rating", "supervision", "service")
                .whereLayer("testkit").mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.sitewatch.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void coreHasNoFrameworkAndNoJdbc() {
        noClasses().that().resideInAPackage("io.sitewatch.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..",
                        "org.flywaydb..", "io.micrometer..")
                .because("core holds values, the wire protocol and ports; frameworks and storage live in the modules")
                .check(MAIN);
    }

    @Test
    void theSimulatorKnowsOnlyTheWireProtocolAndTheFleetFormat() {
        noClasses().that().resideInAPackage("io.sitewatch.simulator..")
                .should().dependOnClassesThat(resideInAPackage("io.sitewatch..").and(not(resideInAnyPackage(
                        "io.sitewatch.simulator..", "io.sitewatch.core.protocol..", "io.sitewatch.core.fleet..",
                        "io.sitewatch.core.registry..", "io.sitewatch.core.calendar..", "io.sitewatch.core.personnel.."))))
                .because("the simulator is a device: its contract is the wire protocol and the fleet file")
                .check(MAIN);
    }

    @Test
    void theSimulatorHasNoDatabaseAccess() {
        noClasses().that().resideInAPackage("io.sitewatch.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..")
                .because("a device reaches SiteWatch over MQTT and the HTTP API only")
                .check(MAIN);
    }

    @Test
    void theSqlScanSeesQueriesNotProse() {
        String src = "// rows come from telemetry\n/* FROM alarm */ String q = \"SELECT 1 FROM device_event\";"
                + " String t = \"\"\"\n  JOIN site s\n\"\"\"; char c = '\"';";
        assertEquals("SELECT 1 FROM device_event\n\n  JOIN site s\n\n", stringLiterals(src));
    }

    @Test
    void dashboardsCarryNoCode() throws IOException {
        Path dashboards = ROOT.resolve("dashboards");
        assertTrue(Files.isDirectory(dashboards.resolve("src/main/webroot")), "consoles under dashboards/src/main/webroot");
        assertTrue(!Files.exists(dashboards.resolve("src/main/java")), "the consoles know only the HTTP API: no Java in dashboards/");
        assertTrue(!Files.readString(dashboards.resolve("pom.xml")).contains("<dependencies>"),
                "dashboards/ depends on no module");
    }

    private static final Pattern CREATE = Pattern.compile("(?i)\\bCREATE\\s+(?:TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern USE = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)");

    /** Tables by owning module, from each module's migrations ({@code src/main/resources/db/<module>}). */
    static Map<String, String> ownedTables() {
        Map<String, String> owner = new TreeMap<>();
        for (String module : List.of("registry", "ingest", "alarms", "rating", "supervision")) {
            for (Path sql : files(ROOT.resolve(module).resolve("src/main/resources/db"), ".sql")) {
                Matcher m = CREATE.matcher(read(sql));
                while (m.find()) {
                    String table = m.group(1).toLowerCase();
                    String before = owner.putIfAbsent(table, module);
                    assertTrue(before == null || before.equals(module), table + " is created by " + before + " and " + module);
                }
            }
        }
        return owner;
    }

    @Test
    void noModuleRunsSqlOnAnotherModulesTables() {
        Map<String, String> owner = ownedTables();
        assertTrue(owner.keySet().containsAll(List.of("site", "device", "telemetry_1m", "device_event", "alarm", "rating_submission")),
                "the migrations were read: " + owner.keySet());
        List<String> violations = new ArrayList<>();
        for (String module : List.of("core", "platform", "registry", "ingest", "alarms", "rating", "supervision", "service")) {
            for (Path java : files(ROOT.resolve(module).resolve("src/main/java"), ".java")) {
                Matcher m = USE.matcher(stringLiterals(read(java)));
                while (m.find()) {
                    String o = owner.get(m.group(1).toLowerCase());
                    if (o != null && !o.equals(module)) {
                        violations.add(ROOT.relativize(java) + ": " + m.group() + " (a table of " + o + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "read another module's data through the port it offers");
    }

    /**
     * The text of a Java source's string literals and text blocks (where its SQL is), one per line;
     * comments and code are left out, so prose about a table is not taken for a query.
     */
    static String stringLiterals(String src) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                i = src.indexOf('\n', i) < 0 ? n : src.indexOf('\n', i);
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2) < 0 ? n : src.indexOf("*/", i + 2) + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                out.append(src, i + 3, end).append('\n');
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    out.append(src, i + 1, Math.min(j, n)).append('\n');
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
