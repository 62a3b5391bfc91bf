package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sitewatch.alarms.rule.AlarmRule;
import io.sitewatch.alarms.rule.RuleLoader;
import io.sitewatch.alarms.rule.RuleSet;
import io.sitewatch.core.protocol.WireProtocol;
import io.sitewatch.supervision.theme.ThemeCatalog;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The monthly themes name alarm rules by id; the two files live in two modules that do not know each
 * other (supervision reads alarms through a port), so it is here, where both are at hand, that a
 * theme's rule id is checked against the shipped rules: a rule renamed in one file and not the
 * other would make an indicator count nothing, silently.
 */
class ThemeRulesTest {

    @Test
    void everyRuleAThemeNamesIsAShippedAlarmRuleOfTheThemesDeviceKinds() throws Exception {
        RuleSet rules;
        try (InputStream in = RuleLoader.class.getResourceAsStream(RuleLoader.DEFAULT_RESOURCE)) {
            rules = new RuleLoader(WireProtocol.v1(), InstantSource.fixed(Instant.EPOCH)).load(in, "bundled");
        }
        Map<String, AlarmRule> byId = rules.rules().stream().collect(Collectors.toMap(AlarmRule::id, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (ThemeCatalog.Theme theme : ThemeCatalog.bundled().themes()) {
            for (String id : theme.rules()) {
                AlarmRule rule = byId.get(id);
                if (rule == null) {
                    problems.add(theme.id() + ": no alarm rule " + id);
                } else if (theme.deviceKinds().stream().noneMatch(rule::appliesTo)) {
                    problems.add(theme.id() + ": rule " + id + " applies to " + rule.deviceKinds() + ", none of " + theme.deviceKinds());
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
