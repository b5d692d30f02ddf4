# A second migration, so PostgreSQL alters the table after the rows were moved (not with their triggers pending).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0015_authorisation_names_what_it_authorises'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='authorisation',
            name='object_id',
        ),
        migrations.AddConstraint(
            model_name='authorisation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('assessment', None), ('contact__isnull', False), ('kind', 'contact_decision'), ('period', None), ('referral', None), ('section47', None)), models.Q(('assessment__isnull', False), ('contact', None), ('kind', 'assessment'), ('period', None), ('referral', None), ('section47', None)), models.Q(('assessment', None), ('contact', None), ('kind', 'section47_outcome'), ('period', None), ('referral', None), ('section47__isnull', False)), models.Q(('assessment', None), ('contact', None), ('kind', 'looked_after'), ('period__isnull', False), ('referral', None), ('section47', None)), models.Q(('assessment', None), ('contact', None), ('kind', 'case_closure'), ('period', None), ('referral__isnull', False), ('section47', None)), _connector='OR'), name='authorisation_names_what_it_authorises'),
        ),
    ]
