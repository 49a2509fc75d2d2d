"""The test suite's PostgreSQL backend (see the package docstring)."""
from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                       allow_cascade=allow_cascade)
        if not statements:
            return statements
        # execute_sql_flush runs these in one transaction: SET LOCAL ends with it
        return ["SET LOCAL session_replication_role = replica;", *statements]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
