-- Registry: sites (projects), devices and special-operations certificates.
-- Changes are announced on channel sitewatch_registry so that every instance refreshes its cache.
CREATE TABLE site (
    site_id         text PRIMARY KEY,
    name            text NOT NULL,
    region          text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    enterprise_code text,
    enterprise_name text,
    kind            text NOT NULL CHECK (kind IN ('building', 'municipal')),
    timezone        text NOT NULL DEFAULT 'Asia/Shanghai',
    cost_cny        numeric(18, 2),
    start_date      date,
    end_date        date,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX site_region_idx ON site (region);

CREATE TABLE device (
    device_id  text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES site (site_id),
    kind       text NOT NULL,
    name       text,
    period_s   integer NOT NULL CHECK (period_s > 0),
    params     jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_site_idx ON device (site_id);

CREATE TABLE operator_cert (
    cert_no    text PRIMARY KEY,
    name       text NOT NULL,
    kind       text NOT NULL,
    valid_from date,
    valid_to   date,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION registry_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('sitewatch_registry',
        TG_TABLE_NAME || ':' || (to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[0]));
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER site_changed AFTER INSERT OR UPDATE OR DELETE ON site
    FOR EACH ROW EXECUTE FUNCTION registry_notify('site_id');
CREATE TRIGGER device_changed AFTER INSERT OR UPDATE OR DELETE ON device
    FOR EACH ROW EXECUTE FUNCTION registry_notify('device_id');
CREATE TRIGGER operator_cert_changed AFTER INSERT OR UPDATE OR DELETE ON operator_cert
    FOR EACH ROW EXECUTE FUNCTION registry_notify('cert_no');
