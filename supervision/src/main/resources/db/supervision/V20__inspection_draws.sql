-- Lists of projects drawn for unannounced inspection (四不两直), drawn by risk with recorded
-- randomness: the seed, the model and the window are kept, so the same draw can be made again from
-- the same data and shown to be the one that was made.
CREATE TABLE inspection_draw (
    id        bigserial PRIMARY KEY,
    drawn_at  timestamptz NOT NULL,
    drawn_by  text NOT NULL,
    -- The regulator's regions, or the one region asked for (comma-separated codes; '*' = all).
    scope     text NOT NULL,
    model     text NOT NULL,
    from_ts   timestamptz NOT NULL,
    to_ts     timestamptz NOT NULL,
    seed      bigint NOT NULL,
    count     integer NOT NULL CHECK (count > 0),
    -- [{"id", "name", "region", "score"}] in draw order.
    picks     jsonb NOT NULL
);
CREATE INDEX inspection_draw_at ON inspection_draw (drawn_at DESC);
