"""PostgreSQL for the test suite: Django's backend, except that flushing the database between
transactional tests may empty the append-only audit tables.

Those tables refuse UPDATE, DELETE and TRUNCATE through triggers
(``core.migration_operations.AppendOnlyTrigger``). ``session_replication_role = replica``
(superuser only, as the test database's user is) skips triggers for the flush's own
transaction; nothing else in the suite sets it, so the triggers stay in force for the tests.
"""
