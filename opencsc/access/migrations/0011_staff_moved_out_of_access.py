"""Role, Team, Professional and Notification moved from access to staff (decision 009). The tables
and rows stay where they are (the models keep db_table ``access_*``): this changes Django's
picture of which app owns them, and nothing in the database."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0010_administrators_second_approval'),
        ('casework', '0007_staff_moved_out_of_access'),
        ('exchange', '0003_staff_moved_out_of_access'),
        ('recording', '0006_staff_moved_out_of_access'),
        ('returns', '0005_staff_moved_out_of_access'),
        ('staff', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.RemoveField(
                    model_name='professional',
                    name='role',
                ),
                migrations.RemoveField(
                    model_name='professional',
                    name='team',
                ),
                migrations.RemoveField(
                    model_name='professional',
                    name='teams_managed',
                ),
                migrations.RemoveField(
                    model_name='professional',
                    name='user',
                ),
                migrations.AlterField(
                    model_name='accesschange',
                    name='professional',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='access_changes', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='accesschange',
                    name='role',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='access_changes', to='staff.role'),
                ),
                migrations.AlterField(
                    model_name='recordrestriction',
                    name='ask_team',
                    field=models.ForeignKey(blank=True, help_text='who others are told to ask', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.team'),
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='Professional',
                ),
                migrations.DeleteModel(
                    name='Role',
                ),
                migrations.DeleteModel(
                    name='Team',
                ),
        ]),
    ]
