-- Real sites (HTTP API 1.1): where a site is and when it works, the dates marked on its calendar,
-- its key personnel, and when and how each device serves it.

-- The site's WGS-84 point and the radius within which a clock-in counts (all three or none), and
-- its working hours in its own time zone: minutes of the day (to may be 1440 = 24:00) on ISO
-- weekdays (1 = Monday … 7 = Sunday). Sites registered before get 07:00–19:00 every day.
ALTER TABLE site
    ADD COLUMN location_lat      double precision,
    ADD COLUMN location_lon      double precision,
    ADD COLUMN location_radius_m double precision,
    ADD COLUMN work_from_min     smallint NOT NULL DEFAULT 420,
    ADD COLUMN work_to_min       smallint NOT NULL DEFAULT 1140,
    ADD COLUMN work_days         smallint[] NOT NULL DEFAULT '{1,2,3,4,5,6,7}',
    ADD CONSTRAINT site_location_check CHECK (
        (location_lat IS NULL AND location_lon IS NULL AND location_radius_m IS NULL)
        OR (location_lat BETWEEN -90 AND 90 AND location_lon BETWEEN -180 AND 180 AND location_radius_m > 0)),
    ADD CONSTRAINT site_working_hours_check CHECK (
        work_from_min >= 0 AND work_from_min < work_to_min AND work_to_min <= 1440
        AND work_days <@ '{1,2,3,4,5,6,7}'::smallint[]);

-- A device's service: in service between its install and remove dates; reports around the clock
-- or while its site works (null: its kind's default); a lifting machine's 使用登记, 定期检验 and,
-- for a hoist, its 防坠安全器 calibration.
ALTER TABLE device
    ADD COLUMN install_date           date,
    ADD COLUMN remove_date            date,
    ADD COLUMN schedule               text CHECK (schedule IN ('continuous', 'working_hours')),
    ADD COLUMN registration_no        text,
    ADD COLUMN registration_valid_to  date,
    ADD COLUMN inspection_valid_to    date,
    ADD COLUMN fall_arrester_valid_to date,
    ADD CONSTRAINT device_service_dates_check CHECK (remove_date IS NULL OR install_date IS NULL OR remove_date >= install_date);

-- Dates the site (source 'site') or a regulator ('regulator') marked: a typhoon or suspension stop,
-- a holiday of its own, a working day, and work permitted beyond the working hours on that date
-- (a night-work permit: minutes of the day and the permit's number). One mark per site and date;
-- a regulator's mark is replaced only by a regulator or an admin (the registry checks it).
CREATE TABLE site_calendar_mark (
    site_id        text NOT NULL REFERENCES site (site_id),
    day            date NOT NULL,
    working        boolean NOT NULL,
    reason         text CHECK (reason IN ('typhoon', 'holiday', 'suspension', 'other')),
    note           text,
    extra_from_min smallint,
    extra_to_min   smallint,
    extra_permit   text,
    source         text NOT NULL CHECK (source IN ('site', 'regulator')),
    marked_by      text NOT NULL,
    marked_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, day),
    CHECK ((extra_from_min IS NULL) = (extra_to_min IS NULL)),
    CHECK (extra_from_min IS NULL OR (working AND extra_from_min >= 0 AND extra_from_min < extra_to_min AND extra_to_min <= 1440))
);
CREATE TRIGGER site_calendar_mark_changed AFTER INSERT OR UPDATE OR DELETE ON site_calendar_mark
    FOR EACH ROW EXECUTE FUNCTION registry_notify('site_id');

-- Key personnel of a site (到岗履职). person_id is the officer_id of recorder clock-ins.
CREATE TABLE site_person (
    site_id    text NOT NULL REFERENCES site (site_id),
    person_id  text NOT NULL,
    name       text NOT NULL,
    role       text NOT NULL CHECK (role IN ('enterprise_head', 'project_manager', 'safety_director', 'safety_officer', 'chief_supervisor')),
    cert_no    text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site_id, person_id)
);
