"""Migration operations of the ground floor, for every app's migrations."""
from django.db import migrations

_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'History, transitions and seals are never changed or deleted.';
END
$$;
"""


class AppendOnlyTrigger(migrations.RunSQL):
    """Make ``table`` append-only in PostgreSQL itself: triggers that raise on UPDATE and
    DELETE (per row) and TRUNCATE (per statement), whatever the client (the ORM, raw SQL,
    psql). Skipped on other databases (SQLite: the models' Python guard only).

    Only the table's owner or a superuser can get past it (DROP / DISABLE TRIGGER, or
    ``session_replication_role = replica``); the seals (``core.seals``) detect what such a
    person changes. Reversible: unapplying drops the triggers.
    """

    def __init__(self, table: str):
        self.table = table
        name = f"{table}_append_only"
        forward = [
            _FUNCTION,
            f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";',
            f'CREATE TRIGGER "{name}" BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();",
            f'DROP TRIGGER IF EXISTS "{name}_truncate" ON "{table}";',
            f'CREATE TRIGGER "{name}_truncate" BEFORE TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();",
        ]
        backward = [f'DROP TRIGGER IF EXISTS "{name}" ON "{table}";',
                    f'DROP TRIGGER IF EXISTS "{name}_truncate" ON "{table}";']
        super().__init__(sql=forward, reverse_sql=backward, elidable=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Append-only triggers on {self.table}"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.table], {}
