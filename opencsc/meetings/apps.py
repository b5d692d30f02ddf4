from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "opencsc.meetings"
    verbose_name = "Meetings held"

    def ready(self):
        # The chair's recommendations are due on My work; the journey does not import this app.
        from opencsc.casework.due import register_due_source
        from opencsc.recording.chronology import register_events

        from .selectors import meeting_events, recommendations_due

        register_due_source(recommendations_due)
        register_events("meeting", meeting_events)
        from . import views  # noqa: F401 - its My work links register with the journey's pages
