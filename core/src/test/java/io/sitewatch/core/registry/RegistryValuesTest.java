package io.sitewatch.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sitewatch.core.calendar.WorkingHours;
import io.sitewatch.core.personnel.GeoFence;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sites and devices as HTTP API 1.1 extends them, with the constructors of 1.0 still working. */
class RegistryValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSiteMadeTheOldWayHasNoLocationAndTheDefaultHours() {
        Site s = new Site("S", "site", "350102", null, "building", null, null, null, null, null);
        assertNull(s.location());
        assertEquals(WorkingHours.DEFAULT, s.workingHours());
        assertEquals("Asia/Shanghai", s.timezone());
    }

    @Test
    void aSiteShowsItsLocationAndHoursInTheHttpForm() throws Exception {
        Site s = new Site("S", "site", "350102", null, "building", null, null, null, null, null,
                new GeoFence(26.0822, 119.2965, 300), WorkingHours.of("07:30", "18:00", List.of(6, 1, 2)));
        JsonNode j = JSON.valueToTree(s);
        assertEquals(26.0822, j.at("/location/lat").asDouble());
        assertEquals(119.2965, j.at("/location/lon").asDouble());
        assertEquals(300.0, j.at("/location/radiusM").asDouble());
        assertEquals("{\"from\":\"07:30\",\"to\":\"18:00\",\"days\":[1,2,6]}", j.get("workingHours").toString());
        assertEquals(s.workingHours(), JSON.treeToValue(j.get("workingHours"), WorkingHours.class));
    }

    @Test
    void aDeviceMadeTheOldWayGetsItsKindsSchedule() {
        for (String kind : List.of("tower_crane", "hoist", "gondola", "recorder")) {
            assertEquals("working_hours", new Device("D", "S", kind, null, 10, null).service().schedule(), kind);
        }
        for (String kind : List.of("env", "pit", "formwork")) {
            assertEquals("continuous", new Device("D", "S", kind, null, 10, null).service().schedule(), kind);
        }
        DeviceService own = new DeviceService(null, null, "continuous", null, null, null);
        assertEquals("continuous", new Device("D", "S", "tower_crane", null, 10, null, own).service().schedule());
    }

    @Test
    void aDevicesServiceFieldsSitBesideItsOthersInJson() throws Exception {
        Device d = new Device("HO-1", "S", "hoist", "1#升降机", 10, null, new DeviceService("2026-03-01", null, null,
                new DeviceService.Registration("闽AS-2026-0001", "2028-02-28"), new DeviceService.Validity("2027-02-28"),
                new DeviceService.Validity("2027-03-01")));
        JsonNode j = JSON.valueToTree(d);
        assertEquals("HO-1", j.get("deviceId").asText());
        assertEquals("2026-03-01", j.get("installDate").asText());
        assertTrue(j.get("removeDate").isNull());
        assertEquals("working_hours", j.get("schedule").asText());
        assertEquals("闽AS-2026-0001", j.at("/registration/no").asText());
        assertEquals("2028-02-28", j.at("/registration/validTo").asText());
        assertEquals("2027-02-28", j.at("/inspection/validTo").asText());
        assertEquals("2027-03-01", j.at("/fallArrester/validTo").asText());
        assertFalse(j.has("service"), j.toString());
    }

    @Test
    void aDeviceIsInServiceBetweenItsInstallAndRemoveDates() {
        DeviceService s = new DeviceService("2026-03-01", "2026-09-30", null, null, null, null);
        assertFalse(s.inServiceOn(LocalDate.of(2026, 2, 28)));
        assertTrue(s.inServiceOn(LocalDate.of(2026, 3, 1)));
        assertTrue(s.inServiceOn(LocalDate.of(2026, 9, 30)));
        assertFalse(s.inServiceOn(LocalDate.of(2026, 10, 1)));
        assertTrue(DeviceService.NONE.inServiceOn(LocalDate.of(2000, 1, 1)));
    }

    @Test
    void aLookupWithoutMarksStillKnowsTheSitesHoursAndTheNationalHolidays() {
        Site s = new Site("S", "site", "350102", null, "building", null, null, null, null, null, null,
                WorkingHours.of("07:00", "19:00", List.of(1, 2, 3, 4, 5)));
        RegistryLookup lookup = new RegistryLookup() {
            @Override
            public Device device(String deviceId) {
                return null;
            }

            @Override
            public Site site(String siteId) {
                return siteId.equals("S") ? s : null;
            }

            @Override
            public OperatorCert operator(String certNo) {
                return null;
            }

            @Override
            public long generation() {
                return 0;
            }

            @Override
            public Collection<Site> sites() {
                return List.of(s);
            }

            @Override
            public Collection<Device> devices() {
                return List.of();
            }
        };
        assertNull(lookup.calendar("NONE"));
        assertFalse(lookup.calendar("S").isWorkingDay(LocalDate.of(2026, 10, 1)), "国庆");
        assertFalse(lookup.calendar("S").isWorkingDay(LocalDate.of(2026, 3, 7)), "a Saturday");
        assertTrue(lookup.calendar("S").isWorkingDay(LocalDate.of(2026, 3, 9)));
    }
}
