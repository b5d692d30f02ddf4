from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "opencsc.familyhelp"
    verbose_name = "Family Help"

    def ready(self):
        # A family's group notes appear on each child's chronology; the chronology does not import this app.
        from opencsc.recording.chronology import register_events

        from .selectors import family_help_events

        register_events("family_help", family_help_events)
        from . import views  # noqa: F401 - its steps register with the journey's pages
