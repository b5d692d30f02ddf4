"""Role, Team, Professional and Notification moved from access to staff (decision 009). The tables
and rows stay where they are (the models keep db_table ``access_*``): this changes Django's
picture of which app owns them, and nothing in the database."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('returns', '0004_run_submitted_to_dfe'),
        ('staff', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.AlterField(
                    model_name='runfinding',
                    name='team',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.team'),
                ),
        ]),
    ]
