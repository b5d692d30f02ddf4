"""Role, Team, Professional and Notification moved from access to staff (decision 009). The tables
and rows stay where they are (the models keep db_table ``access_*``): this changes Django's
picture of which app owns them, and nothing in the database."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exchange', '0002_import_parts'),
        ('staff', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.AlterField(
                    model_name='importpart',
                    name='team',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.team'),
                ),
        ]),
    ]
