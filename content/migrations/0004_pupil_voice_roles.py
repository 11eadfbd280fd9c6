"""Who may see pupil-voice results and manage mentor recognition.

Moderators and safeguarding leads see survey results (including free text), award
badges and make certificates; mentors get none of these. Idempotent: permissions are
added with `add`, which ignores what is already there.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
SAFEGUARDING = "Safeguarding leads"
GRANTS = [
    ("content", "view_survey_results"),
    ("content", "generate_certificate"),
    ("content", "add_badge"),
    ("content", "change_badge"),
    ("content", "delete_badge"),
    ("content", "view_badge"),
    ("content", "add_badgeaward"),
    ("content", "change_badgeaward"),
    ("content", "delete_badgeaward"),
    ("content", "view_badgeaward"),
]


def forwards(apps, schema_editor):
    # Permissions of new models are normally made after all migrations (post_migrate).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in GRANTS
    ]
    for name in (MODERATORS, SAFEGUARDING):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("content", "0003_pupil_voice_and_recognition")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
