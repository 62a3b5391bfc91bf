package io.sitewatch.core.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionsTest {

    private final Regions fujian = Regions.bundled();

    @Test
    void fujianHasItsNineCitiesAndEightyFourCountyLevelDivisions() {
        List<Regions.Region> all = fujian.all();
        assertEquals(1, all.stream().filter(r -> r.level().equals("province")).count());
        assertEquals(9, all.stream().filter(r -> r.level().equals("city")).count());
        assertEquals(84, all.stream().filter(r -> r.level().equals("district")).count());
        for (Regions.Region r : all) {
            if (r.parent() != null) {
                assertTrue(fujian.get(r.parent()) != null, r + " has a listed parent");
            }
        }
        assertTrue(fujian.source().contains("民政部"));
    }

    @Test
    void theDemoDistrictsHaveTheirNamesAndTheNewerDistrictsTheirCurrentCodes() {
        assertEquals("丰泽区", fujian.name("350503", "zh"));
        assertEquals("Xiangcheng", fujian.name("350602", "en"));
        assertEquals("350500", fujian.get("350503").parent());
        assertEquals("沙县区", fujian.name("350405", "zh"));
        assertEquals("龙海区", fujian.name("350604", "zh"));
        assertEquals(null, fujian.get("350402"), "梅列区 was merged into 三元区 in 2021");
        assertEquals("110101", fujian.name("110101", "zh"), "an unlisted code shows as itself");
    }

    @Test
    void aDistrictFiledUnderTheWrongCityIsRefused() {
        String yaml = """
                source: test
                province: {code: "350000", zh: 福建省, en: Fujian}
                cities:
                  - {code: "350100", zh: 福州市, en: Fuzhou, districts: [["350203", 思明区, Siming]]}
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regions.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "t.yaml"));
        assertEquals("t.yaml: district 350203 is not in city 350100", e.getMessage());
    }
}
