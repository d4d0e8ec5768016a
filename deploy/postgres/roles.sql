-- The roles and the database for several desks on one server. Run once, as the cluster's
-- superuser, BEFORE the first kiosk connects (the schema's migration 002 grants the group
-- roles their rights, where they exist):
--     sudo -u postgres psql -v ON_ERROR_STOP=1 -f roles.sql
-- then one login per desk (deploy/postgres.md), e.g.
--     CREATE ROLE desk_k3 LOGIN PASSWORD '…' IN ROLE kiosk_desk;
-- and for the staff's shell commands (figures, purge, export, unlock):
--     CREATE ROLE staff_anna LOGIN PASSWORD '…' IN ROLE kiosk_staff;

-- Owns the schema and runs its migrations (`kiosk cases schema`, or the first kiosk started
-- with this role). Nothing else connects as it.
CREATE ROLE kiosk_owner LOGIN;
-- What every desk may do: read and write cases, append events, count misses. No DDL, no
-- deleting a case, never changing or deleting an event.
CREATE ROLE kiosk_desk NOLOGIN;
-- The staff: the desks' rights and the retention purge.
CREATE ROLE kiosk_staff NOLOGIN;

CREATE DATABASE wuliu OWNER kiosk_owner ENCODING 'UTF8' TEMPLATE template0;
-- PostgreSQL 15 already lets only the database's owner create in its public schema; said
-- again here so an older server set up the same way is as strict.
\connect wuliu
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- No temporary tables either: nothing a desk makes can stand in the way of the schema's own.
REVOKE TEMPORARY ON DATABASE wuliu FROM PUBLIC;
ALTER SCHEMA public OWNER TO kiosk_owner;
