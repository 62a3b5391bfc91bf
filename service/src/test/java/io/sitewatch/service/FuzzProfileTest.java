package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fuzz target of every module is fuzzed by the fuzz profile (bench/run-fuzz.sh, CI) and has
 * seeds: Jazzer fuzzes one {@code @FuzzTest} per JVM, so a target that its module's pom does not
 * list as an execution would only ever replay its seeds, and nothing would say so.
 */
class FuzzProfileTest {

    private static final Pattern FUZZ_TEST = Pattern.compile("@FuzzTest\\b[^\\n]*\\n\\s*(?:public\\s+)?void\\s+(\\w+)\\s*\\(");

    @Test
    void everyFuzzTargetIsListedInItsModulesFuzzProfileAndHasSeeds() throws IOException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent(); // tests run in service/
        List<String> targets = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                String pom = Files.readString(module.resolve("pom.xml"));
                try (Stream<Path> files = Files.walk(tests)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = FUZZ_TEST.matcher(Files.readString(file));
                        while (m.find()) {
                            String cls = file.getFileName().toString().replace(".java", "");
                            String target = module.getFileName() + ": " + cls + "#" + m.group(1);
                            targets.add(target);
                            assertTrue(pom.contains("<test>" + cls + "#" + m.group(1) + "</test>"),
                                    target + " is not an execution of the fuzz profile in " + module.getFileName() + "/pom.xml");
                            Path pkg = tests.relativize(file.getParent());
                            Path seeds = module.resolve("src/test/resources").resolve(pkg).resolve(cls + "Inputs").resolve(m.group(1));
                            try (Stream<Path> s = Files.isDirectory(seeds) ? Files.list(seeds) : Stream.empty()) {
                                assertTrue(s.findAny().isPresent(), target + " has no seeds in " + root.relativize(seeds));
                            }
                        }
                    }
                }
            }
        }
        assertFalse(targets.isEmpty(), "no @FuzzTest found under " + root);
        assertTrue(targets.size() >= 5, "fuzz targets found: " + targets);
    }
}
