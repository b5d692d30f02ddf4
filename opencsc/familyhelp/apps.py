from django.apps import AppConfig

from opencsc.casework.extensions import RecordExtension


class FamilyHelpConfig(AppConfig):
    name = "opencsc.familyhelp"
    verbose_name = "Family Help"
    # A family's group notes appear on each child's chronology; Family Help is a step of the record.
    record_extension = RecordExtension(
        events={"family_help": "opencsc.familyhelp.selectors.family_help_events"},
        steps="opencsc.familyhelp.views.steps_offered",
    )
