from django.apps import AppConfig

from opencsc.casework.extensions import RecordExtension


class MeetingsConfig(AppConfig):
    name = "opencsc.meetings"
    verbose_name = "Meetings held"
    # The chair's recommendations are due on My work and meetings held are on the chronology.
    record_extension = RecordExtension(
        due_sources=("opencsc.meetings.selectors.recommendations_due",),
        events={"meeting": "opencsc.meetings.selectors.meeting_events"},
        steps="opencsc.meetings.views.steps_offered",
        actions={"recommendation": "meetings:meetings-held"},
    )
