from django.db import migrations


def add_family_help_practitioner(apps, schema_editor):
    apps.get_model("staff", "Role").objects.get_or_create(code="family_help_practitioner", defaults=dict(
        name="Family Help lead practitioner", scope="allocated_or_team", sees_sensitive_notes=True, manages_team=False,
        runs_returns=False, records_casework=True, administers=False, may_break_glass=True, edits_letter_templates=False))


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_letter_template_editors")]
    operations = [migrations.RunPython(add_family_help_practitioner, migrations.RunPython.noop)]
