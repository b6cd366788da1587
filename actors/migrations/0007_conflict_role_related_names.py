# State only: the roles share one abstract base (ConflictRole) whose related names are written with
# %(class)s; they resolve to the names the tables already have, so the database does not change.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0006_portable_integer_limits'),
        ('events', '0006_portable_integer_limits'),
    ]

    operations = [
        migrations.AlterField(
            model_name='combatant',
            name='actor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)s_roles', to='actors.actor'),
        ),
        migrations.AlterField(
            model_name='combatant',
            name='conflict',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='events.conflict'),
        ),
        migrations.AlterField(
            model_name='commander',
            name='actor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)s_roles', to='actors.actor'),
        ),
        migrations.AlterField(
            model_name='commander',
            name='conflict',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='events.conflict'),
        ),
    ]
