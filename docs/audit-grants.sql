-- Give Tandem's application role only INSERT and SELECT on the audit tables (PostgreSQL).
--
-- Run as the database owner after `manage.py migrate`, replacing tandem_app with the role the application connects
-- as. Migrations run as the owner; the application role never needs UPDATE, DELETE or TRUNCATE on the audit trail.
-- Row triggers (migration audit 0002) also refuse UPDATE and DELETE for everyone, including the owner, but a trigger
-- cannot stop TRUNCATE: only these grants do. tests: tandem/audit/tests/test_grants.py applies this file to a second
-- role and checks what it can and cannot do.

GRANT USAGE ON SCHEMA public TO tandem_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tandem_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tandem_app;

-- The audit trail: append-only.
REVOKE ALL ON audit_auditevent, audit_accessevent, audit_accesseventsubject FROM tandem_app;
GRANT SELECT, INSERT ON audit_auditevent, audit_accessevent, audit_accesseventsubject TO tandem_app;

-- The chain head moves with every event; it carries an HMAC (key outside the database), so rewriting it without the
-- key is detected by `manage.py verify_audit`.
REVOKE TRUNCATE, DELETE ON tandem_chain_head FROM tandem_app;
