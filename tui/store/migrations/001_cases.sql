-- Schema 1: cases, their append-only events, and the misses that lock codes and slow
-- guessing across every desk. Applied once, under an advisory lock, by the first kiosk (or
-- `kiosk cases schema`) that connects as the schema's owner.
CREATE TABLE kiosk_schema (
    version  integer PRIMARY KEY,
    applied  timestamptz NOT NULL DEFAULT now()
);

-- One row per case. No visitor's data outside `answers` and `outcome`; `desk` is the id of the
-- desk that saved it (two characters, set by staff), never a person.
CREATE TABLE cases (
    code     text PRIMARY KEY CHECK (code ~ '^[0-9A-Z]{4}-[0-9A-Z]{4}$'),
    desk     text NOT NULL DEFAULT '',
    problem  text NOT NULL,
    answers  jsonb NOT NULL,
    pin      jsonb NOT NULL,
    status   text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'abandoned')),
    outcome  text NOT NULL DEFAULT '',
    created  timestamptz NOT NULL,
    closed   timestamptz,
    last     timestamptz NOT NULL
);
CREATE INDEX cases_created ON cases (created);
CREATE INDEX cases_last ON cases (last);

-- Events are appended, never changed: an undo is an event of its own naming the one it
-- takes back (`undoes`). `id` makes a queued write from an offline desk land exactly once.
CREATE TABLE events (
    id        uuid PRIMARY KEY,
    code      text NOT NULL REFERENCES cases (code) ON DELETE CASCADE,
    n         integer NOT NULL CHECK (n >= 1),
    kind      text NOT NULL,
    day       date NOT NULL,
    note      text NOT NULL DEFAULT '',
    recorded  timestamptz NOT NULL,
    desk      text NOT NULL DEFAULT '',
    undoes    integer,
    UNIQUE (code, n)
);

CREATE FUNCTION kiosk_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a case''s events are append-only';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE ON events
    FOR EACH ROW EXECUTE FUNCTION kiosk_events_append_only();

-- Per typed code (a digest, never the code itself): misses since the last success, and the
-- lock they led to. Counted here, so five misses at three desks lock the code at all.
CREATE TABLE code_misses (
    key           text PRIMARY KEY,
    misses        integer NOT NULL DEFAULT 0,
    locked_until  timestamptz
);

-- Every miss at any desk, for the network-wide slow-down of guessing.
CREATE TABLE misses (
    id    bigserial PRIMARY KEY,
    at    timestamptz NOT NULL,
    desk  text NOT NULL DEFAULT ''
);
CREATE INDEX misses_at ON misses (at);
