"""Role, Team, Professional and Notification moved from access to staff (decision 009). The tables
and rows stay where they are (the models keep db_table ``access_*``): this changes Django's
picture of which app owns them, and nothing in the database."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["role", "team", "professional", "notification"]


def content_types_follow(apps, schema_editor):
    """Permissions and admin history keep pointing at the same models under their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="access", model__in=MOVED).update(app_label="staff")


def content_types_return(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="staff", model__in=MOVED).update(app_label="access")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('access', '0010_administrators_second_approval'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='Team',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, unique=True)),
                        ('service', models.CharField(blank=True, help_text='e.g. front door, assessment, child protection', max_length=60)),
                    ],
                    options={
                        'db_table': 'access_team',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Professional',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200)),
                        ('sw_england_number', models.CharField(blank=True, help_text="Social Work England registration (SSDA903 SW_ID starts 'SW')", max_length=12)),
                        ('job_title', models.CharField(blank=True, max_length=120)),
                        ('organisation', models.CharField(blank=True, help_text='for partner professionals', max_length=200)),
                        ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='professional', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'access_professional',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=300)),
                        ('link', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='staff.professional')),
                    ],
                    options={
                        'db_table': 'access_notification',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Role',
                    fields=[
                        ('code', models.CharField(max_length=30, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=80, unique=True)),
                        ('scope', models.CharField(choices=[('allocated_or_team', 'Children allocated to them or their team'), ('managed_teams', "Their teams' children"), ('front_door', 'Children with an open contact or a referral awaiting allocation, and their families'), ('chaired', 'Children whose conferences or reviews they chair'), ('none', "No child's record (break-glass only)")], max_length=30)),
                        ('sees_sensitive_notes', models.BooleanField(default=True, help_text='case notes marked sensitive')),
                        ('manages_team', models.BooleanField(default=False, help_text='team page, reallocation, break-glass review, who looked')),
                        ('runs_returns', models.BooleanField(default=False, help_text='returns, data quality and aggregate pages')),
                        ('records_casework', models.BooleanField(default=True, help_text='contacts, case notes and other case forms')),
                        ('administers', models.BooleanField(default=False, help_text='users, roles and configuration (no case content)')),
                        ('may_break_glass', models.BooleanField(default=True)),
                    ],
                    options={
                        'db_table': 'access_role',
                        'ordering': ['name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('administers', False), models.Q(('scope', 'none'), ('may_break_glass', False)), _connector='OR'), name='administrators_see_no_case_content')],
                    },
                ),
                migrations.AddField(
                    model_name='professional',
                    name='role',
                    field=models.ForeignKey(db_column='role', default='social_worker', on_delete=django.db.models.deletion.PROTECT, related_name='holders', to='staff.role'),
                ),
                migrations.AddField(
                    model_name='professional',
                    name='team',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='members', to='staff.team'),
                ),
                migrations.AddField(
                    model_name='professional',
                    name='teams_managed',
                    field=models.ManyToManyField(blank=True, help_text='teams managed besides their own', related_name='managers', to='staff.team'),
                ),
        ]),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
