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
    last     timestamptz NOT NULL,
    -- The kinds of event recorded and not taken back (kept by the kiosk with each event):
    -- the staff's figures read them without reading a single event.
    kinds    text[] NOT NULL DEFAULT '{}'
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
-- The undos of a case, found without reading its other events (the kinds it keeps).
CREATE INDEX events_undoes ON events (code, undoes) WHERE undoes IS NOT NULL;

-- Not even the schema's owner changes or deletes an event; only deleting its case (the
-- retention purge) takes it, through the foreign key's cascade — a trigger nested in the
-- cascade's own (pg_trigger_depth() > 1), where a DELETE typed at the events is not.
CREATE FUNCTION kiosk_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'a case''s events are append-only';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION kiosk_events_append_only();

-- The ids of the other writes a desk sent (closing, changed answers): one sent again after
-- its reply was lost, or from a queue uploaded twice, is applied once.
CREATE TABLE writes (
    id  uuid PRIMARY KEY,
    at  timestamptz NOT NULL
);

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

-- The staff's figures at any size: how many cases there are of each (problem, status, day
-- saved, day closed, kinds), kept by a trigger on every change of a case, so figures over a
-- million cases read a few hundred rows. The trigger runs as the schema's owner: no desk can
-- write a figure of its own.
CREATE TABLE tallies (
    problem  text NOT NULL,
    status   text NOT NULL,
    made     date NOT NULL,
    ended    date,
    kinds    text[] NOT NULL,
    n        bigint NOT NULL,
    UNIQUE NULLS NOT DISTINCT (problem, status, made, ended, kinds)
);

-- SECURITY DEFINER with pg_temp searched last and every table named with its schema: a desk
-- cannot put a temporary "tallies" of its own in the trigger's way.
CREATE FUNCTION kiosk_tally() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE public.tallies SET n = n - 1
         WHERE problem = OLD.problem AND status = OLD.status
           AND made = (OLD.created AT TIME ZONE 'Asia/Shanghai')::date
           AND ended IS NOT DISTINCT FROM (OLD.closed AT TIME ZONE 'Asia/Shanghai')::date
           AND kinds = OLD.kinds;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO public.tallies AS t (problem, status, made, ended, kinds, n)
        VALUES (NEW.problem, NEW.status, (NEW.created AT TIME ZONE 'Asia/Shanghai')::date,
                (NEW.closed AT TIME ZONE 'Asia/Shanghai')::date, NEW.kinds, 1)
        ON CONFLICT (problem, status, made, ended, kinds) DO UPDATE SET n = t.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_tally AFTER INSERT OR DELETE OR UPDATE OF problem, status, created, closed, kinds ON cases
    FOR EACH ROW EXECUTE FUNCTION kiosk_tally();
