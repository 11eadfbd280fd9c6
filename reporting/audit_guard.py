"""The database itself keeps audit entries append-only, whatever the code asks.

AuditEntry.save() and .delete() refuse to rewrite an entry, but QuerySet.update(),
QuerySet.delete(), raw SQL and a bug elsewhere go straight past them. These
triggers refuse, inside PostgreSQL and SQLite, every UPDATE and DELETE of an entry
(and TRUNCATE on PostgreSQL), with one exception: a foreign key set to NULL
because its user, case or school was deleted (on_delete=SET_NULL). That is how
the retention purge removes a case while its audit entries, with the case's
reference, stay (reporting.records.retention).

A database owner can still drop a trigger; this guards the application's own
paths, and anything it may run by mistake. Installed by migration
0006_holes_audit_append_only; the tests' database flush lifts it for the flush only
(tests/conftest.py).
"""

TABLE = "reporting_auditentry"
# Columns Django may set to NULL when what they point at is deleted.
NULLABLE_REFERENCES = ("actor_id", "case_id", "school_id")
# Every other column: an UPDATE may never change one (SQLite has no row-to-JSON to compare).
FIXED_COLUMNS = ("id", "actor_name", "action", "case_reference", "detail", "created_at")

CHANGE_REFUSED = "Audit entries are append-only: they cannot be changed or deleted."

_SQLITE_UNCHANGED = " AND ".join(
    [f"NEW.{column} IS OLD.{column}" for column in FIXED_COLUMNS]
    + [f"(NEW.{column} IS OLD.{column} OR NEW.{column} IS NULL)" for column in NULLABLE_REFERENCES]
)

SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        WHEN NOT ({_SQLITE_UNCHANGED})
        BEGIN SELECT RAISE(ABORT, '{CHANGE_REFUSED}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{CHANGE_REFUSED}'); END""",
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

_PG_REFERENCES = " - ".join(f"'{column}'" for column in NULLABLE_REFERENCES)
_PG_NULLED_ONLY = " AND ".join(
    f"(NEW.{column} IS NOT DISTINCT FROM OLD.{column} OR NEW.{column} IS NULL)"
    for column in NULLABLE_REFERENCES
)
POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            -- Every column but the three references compared at once, so a column
            -- added later is protected without changing this function.
            IF TG_OP = 'UPDATE'
               AND (to_jsonb(NEW) - {_PG_REFERENCES}) = (to_jsonb(OLD) - {_PG_REFERENCES})
               AND {_PG_NULLED_ONLY} THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{CHANGE_REFUSED}' USING ERRCODE = 'integrity_constraint_violation';
        END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only_rows ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only_rows BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only_truncate ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_append_only_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only_rows ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def install_statements(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL}.get(vendor, [])


def remove_statements(vendor: str) -> list[str]:
    return {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE}.get(vendor, [])
