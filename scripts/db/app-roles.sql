-- The application roles of one environment's database, run as the RDS master user by
-- scripts/db-bootstrap.sh (psql -v ON_ERROR_STOP=1). Idempotent: every statement can run again.
--
--   dolbom_api          the API; owns schema app (it runs the migrations)
--   dolbom_indexing     the indexing worker: read and write the tables of app, no DDL
--   dolbom_transcripts  transcript-storage on the ai-agent: read and append, no update, delete or DDL
--
-- Each logs in with IAM database authentication only (GRANT rds_iam; no password is ever set):
-- the host signs a 15-minute token per connection with its instance role (rds-db:connect on exactly
-- these users, terraform/modules/iam). The names match terraform/locals.tf local.database_users.
\set ON_ERROR_STOP on

DO $roles$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY['dolbom_api', 'dolbom_indexing', 'dolbom_transcripts'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', name);
    END IF;
    -- No password: a role with rds_iam can log in only with an IAM token.
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD NULL CONNECTION LIMIT 50', name);
  END LOOP;
END
$roles$;

GRANT rds_iam TO dolbom_api, dolbom_indexing, dolbom_transcripts;

-- The master user acts for dolbom_api (schema owner) below: CREATE SCHEMA ... AUTHORIZATION and
-- ALTER DEFAULT PRIVILEGES FOR ROLE need membership in that role.
GRANT dolbom_api TO CURRENT_USER;

-- Only these roles (and the master user) may connect; nobody creates objects in schema public.
REVOKE ALL ON DATABASE dolbom FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE dolbom TO dolbom_api, dolbom_indexing, dolbom_transcripts;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION dolbom_api;
GRANT USAGE ON SCHEMA app TO dolbom_indexing, dolbom_transcripts;

-- Tables the API creates later (migrations) ...
ALTER DEFAULT PRIVILEGES FOR ROLE dolbom_api IN SCHEMA app GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dolbom_indexing;
ALTER DEFAULT PRIVILEGES FOR ROLE dolbom_api IN SCHEMA app GRANT SELECT, INSERT ON TABLES TO dolbom_transcripts;
ALTER DEFAULT PRIVILEGES FOR ROLE dolbom_api IN SCHEMA app GRANT USAGE, SELECT ON SEQUENCES TO dolbom_indexing, dolbom_transcripts;
-- ... and the ones that exist already (a re-run after migrations).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO dolbom_indexing;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA app TO dolbom_transcripts;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO dolbom_indexing, dolbom_transcripts;

ALTER ROLE dolbom_api SET search_path = app;
ALTER ROLE dolbom_indexing SET search_path = app;
ALTER ROLE dolbom_transcripts SET search_path = app;
