"""Security audit rows are append-only in the database too (PostgreSQL): UPDATE is always
refused; DELETE only inside ``accounts.audit.security_events_purge``, whose transaction sets
``hazards.security_purge = 'on'`` (SET LOCAL). SQLite (local development) relies on the model
and queryset guards alone."""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION accounts_security_event_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('hazards.security_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'accounts_securityevent is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS accounts_security_event_append_only ON accounts_securityevent;
CREATE TRIGGER accounts_security_event_append_only
    BEFORE UPDATE OR DELETE ON accounts_securityevent
    FOR EACH ROW EXECUTE FUNCTION accounts_security_event_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS accounts_security_event_append_only ON accounts_securityevent;
DROP FUNCTION IF EXISTS accounts_security_event_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_security_events_and_password_policy")]
    operations = [migrations.RunPython(forward, backward)]
