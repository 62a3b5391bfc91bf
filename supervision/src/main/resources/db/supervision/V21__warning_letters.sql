-- Warning letters (警示函): a regulator drafts one from a risk item of the early-warning ranking,
-- issues it to the project or enterprise, the site answers within the deadline, the regulator
-- closes it (or returns the answer). The risk item's facts and evidence are copied into the letter
-- at draft time, so the letter stays what it was when issued whatever the data do later.

-- Ids SiteWatch assigns: WL-000001.
CREATE SEQUENCE warning_letter_no;

CREATE TABLE warning_letter (
    id             text PRIMARY KEY,
    scope          text NOT NULL CHECK (scope IN ('project', 'enterprise')),
    -- The project's site id, or the enterprise's code.
    target_id      text NOT NULL,
    target_name    text NOT NULL,
    -- The 行政区划 code whose regulators see the letter: the project's district, or the narrowest
    -- code covering the enterprise's projects the letter speaks of.
    region         text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    -- The projects addressed (an enterprise's: those of the ranking it was drafted from); their
    -- site staff see and answer the letter.
    site_ids       text[] NOT NULL,
    state          text NOT NULL CHECK (state IN ('draft', 'issued', 'answered', 'closed', 'withdrawn')),
    template       text NOT NULL,
    title          text NOT NULL,
    title_en       text NOT NULL,
    body           text NOT NULL,
    body_en        text NOT NULL,
    -- The risk item as it was: model, window, score, level, rank, factors with values and evidence.
    facts          jsonb NOT NULL,
    deadline_days  integer NOT NULL CHECK (deadline_days BETWEEN 1 AND 90),
    created_by     text NOT NULL,
    created_ts     timestamptz NOT NULL,
    issued_by      text,
    issued_ts      timestamptz,
    deadline_ts    timestamptz,
    -- The answer that stands (cleared when the regulator returns it).
    answered_by    text,
    answered_ts    timestamptz,
    answer_text    text,
    answer_sha256  text CHECK (answer_sha256 IS NULL OR answer_sha256 ~ '^[0-9a-f]{64}$'),
    closed_ts      timestamptz
);
CREATE INDEX warning_letter_by_region ON warning_letter (region, state, created_ts DESC);
CREATE INDEX warning_letter_by_site ON warning_letter USING gin (site_ids);
CREATE INDEX warning_letter_due ON warning_letter (deadline_ts) WHERE deadline_ts IS NOT NULL;

-- Every transition with who and when: drafted, issued, answered, returned, closed, withdrawn.
CREATE TABLE warning_letter_event (
    id                bigserial PRIMARY KEY,
    letter_id         text NOT NULL REFERENCES warning_letter (id),
    at                timestamptz NOT NULL,
    transition        text NOT NULL CHECK (transition IN ('drafted', 'issued', 'answered', 'returned', 'closed', 'withdrawn')),
    state             text NOT NULL,
    actor             text NOT NULL,
    -- The reason of a return, the regulator's remark on closing.
    comment           text,
    -- An answer's text and the SHA-256 of its attachment.
    text              text,
    attachment_sha256 text CHECK (attachment_sha256 IS NULL OR attachment_sha256 ~ '^[0-9a-f]{64}$')
);
CREATE INDEX warning_letter_event_by_letter ON warning_letter_event (letter_id, at, id);
