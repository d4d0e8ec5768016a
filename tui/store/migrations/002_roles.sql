-- Schema 2: what the desks' and the staff's roles may do, where the administrator made them
-- (deploy/postgres/roles.sql). Desks: read and write cases, append events, count misses —
-- no DDL, no deleting a case, no changing or deleting an event. Staff: that, and the
-- retention purge (deleting a case takes its events with it).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_desk') THEN
        GRANT SELECT ON kiosk_schema, tallies TO kiosk_desk;
        GRANT SELECT, INSERT, UPDATE ON cases TO kiosk_desk;
        GRANT SELECT, INSERT ON events, writes TO kiosk_desk;
        GRANT SELECT, INSERT, UPDATE, DELETE ON code_misses TO kiosk_desk;
        GRANT SELECT, INSERT, DELETE ON misses TO kiosk_desk;
        GRANT USAGE ON SEQUENCE misses_id_seq TO kiosk_desk;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_staff') THEN
        GRANT SELECT ON kiosk_schema TO kiosk_staff;
        GRANT SELECT, DELETE ON tallies TO kiosk_staff;
        GRANT SELECT, INSERT, UPDATE, DELETE ON cases TO kiosk_staff;
        GRANT SELECT, INSERT ON events TO kiosk_staff;
        GRANT SELECT, INSERT, DELETE ON writes TO kiosk_staff;
        GRANT SELECT, INSERT, UPDATE, DELETE ON code_misses TO kiosk_staff;
        GRANT SELECT, INSERT, DELETE ON misses TO kiosk_staff;
        GRANT USAGE ON SEQUENCE misses_id_seq TO kiosk_staff;
    END IF;
END $$;
