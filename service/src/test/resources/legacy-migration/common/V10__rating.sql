-- Star rating (issue 5): catalogue versions, rating staff's manual evidence with its audit trail,
-- submissions through review and approval, and the published history.
CREATE TABLE rating_catalogue (
    version    integer PRIMARY KEY,
    label      text NOT NULL,
    yaml       text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Current value per site and key (an item id, or a declaration gate id).
CREATE TABLE manual_evidence (
    site_id           text NOT NULL,
    key               text NOT NULL,
    value             double precision NOT NULL,
    comment           text NOT NULL,
    attachment_sha256 text CHECK (attachment_sha256 ~ '^[0-9a-f]{64}$'),
    updated_by        text NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (site_id, key)
);

-- Every change, never updated or deleted.
CREATE TABLE manual_evidence_audit (
    id                bigserial PRIMARY KEY,
    site_id           text NOT NULL,
    key               text NOT NULL,
    old_value         double precision,
    new_value         double precision NOT NULL,
    comment           text NOT NULL,
    attachment_sha256 text,
    actor             text NOT NULL,
    at                timestamptz NOT NULL
);
CREATE INDEX manual_evidence_audit_site_idx ON manual_evidence_audit (site_id, id);

CREATE TABLE rating_submission (
    id                bigserial PRIMARY KEY,
    site_id           text NOT NULL,
    target_star       integer NOT NULL CHECK (target_star BETWEEN 1 AND 3),
    window_from       timestamptz NOT NULL,
    window_to         timestamptz NOT NULL,
    state             text NOT NULL CHECK (state IN ('submitted', 'reviewed', 'approved', 'rejected')),
    catalogue_version integer NOT NULL REFERENCES rating_catalogue (version),
    evidence_snapshot jsonb NOT NULL,
    result            jsonb NOT NULL,
    submitted_by      text NOT NULL,
    submitted_at      timestamptz NOT NULL,
    self_comment      text,
    reviewed_by       text,
    reviewed_at       timestamptz,
    review_comment    text,
    adjustments       jsonb NOT NULL DEFAULT '[]'::jsonb,
    approved_by       text,
    approved_at       timestamptz,
    valid_until       timestamptz
);
CREATE INDEX rating_submission_site_idx ON rating_submission (site_id, id DESC);

-- Every state change of a submission, with who, when and the stars at that moment.
CREATE TABLE rating_history (
    id            bigserial PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES rating_submission (id),
    site_id       text NOT NULL,
    state         text NOT NULL,
    stars         integer NOT NULL,
    actor         text NOT NULL,
    at            timestamptz NOT NULL,
    comment       text
);
CREATE INDEX rating_history_site_idx ON rating_history (site_id, id);
