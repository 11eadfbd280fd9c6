"""Audit entries become append-only in the database itself (see reporting.audit_guard)."""

from django.db import migrations

from reporting import audit_guard


def install(apps, schema_editor):
    for statement in audit_guard.install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in audit_guard.remove_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_team_role"),
    ]

    operations = [migrations.RunPython(install, remove)]
