-- The overview counts open alarms per site and district in a regulator's regions (HTTP API: GET
-- /api/v1/overview, /api/v1/overview/sites): a partial index of the open alarms only, by region and
-- site, carrying what is counted, so those counts read a few index pages whatever the history holds.
CREATE INDEX alarm_open_region_idx ON alarm (region, site_id) INCLUDE (level, rule, device_id) WHERE state <> 'cleared';
