"""Role, Team, Professional and Notification moved from access to staff (decision 009). The tables
and rows stay where they are (the models keep db_table ``access_*``): this changes Django's
picture of which app owns them, and nothing in the database."""


import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0006_allocation_from_file'),
        ('staff', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.AlterField(
                    model_name='adoptionjourney',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='allocation',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='allocation',
                    name='team',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='allocations', to='staff.team'),
                ),
                migrations.AlterField(
                    model_name='allocation',
                    name='worker',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='allocations', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='assessment',
                    name='authorised_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='assessment',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='authorisation',
                    name='decided_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='authorisation',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='authorisation',
                    name='requested_by',
                    field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='careleavercontact',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='childprotectionconference',
                    name='chair',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='childprotectionconference',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='childprotectionplan',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='cinplan',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='contact',
                    name='decided_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='contact',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='conviction',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='coregroupmeeting',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='dentalcheck',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='earlyhelpassessment',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='earlyhelpepisode',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='healthassessment',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='immunisationstatus',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='legalorder',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='legalstatus',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='lookedafterreview',
                    name='chair',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='lookedafterreview',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='missingepisode',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='needsassessment',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='pathwayplan',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='periodofcare',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='permanenceplan',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='placement',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='previouspermanence',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='referral',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='sdqscore',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='section47enquiry',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='statutoryvisit',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='statutoryvisit',
                    name='worker',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='strategydiscussion',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='substancemisuse',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
                migrations.AlterField(
                    model_name='uascstatus',
                    name='recorded_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='staff.professional'),
                ),
        ]),
    ]
