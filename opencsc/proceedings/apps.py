from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "opencsc.proceedings"
    verbose_name = "Pre-proceedings and proceedings"

    def ready(self):
        # What this app records is due on My work and shows in the chronology: it registers there, so
        # the journey and the chronology need not know this app exists.
        from opencsc.casework.due import DueKind, register_due_source
        from opencsc.recording.chronology import register_events
        from opencsc.recording.documents import register_letters

        from .selectors import LETTER_FIELDS, LETTERS, court_events, due_in_proceedings, letter_values

        # The 26-week clock stays on My work from the application to the final order.
        register_due_source(due_in_proceedings, open_tasks=[DueKind.WEEK_26])
        register_events("court", court_events)
        register_letters(LETTER_FIELDS, letter_values, LETTERS)
        from . import views  # noqa: F401 - its steps and My work links register with the journey's pages
