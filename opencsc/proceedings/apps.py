from django.apps import AppConfig

from opencsc.casework.extensions import RecordExtension


class ProceedingsConfig(AppConfig):
    name = "opencsc.proceedings"
    verbose_name = "Pre-proceedings and proceedings"
    # What this app records is due on My work, shows in the chronology and has its letters; the
    # 26-week clock stays on My work from the application to the final order.
    record_extension = RecordExtension(
        due_sources=("opencsc.proceedings.selectors.due_in_proceedings",),
        open_tasks=("week_26",),
        events={"court": "opencsc.proceedings.selectors.court_events"},
        letters=("opencsc.proceedings.selectors.LETTER_FIELDS", "opencsc.proceedings.selectors.letter_values",
                 "opencsc.proceedings.selectors.LETTERS"),
        steps="opencsc.proceedings.views.steps_offered",
        actions={"week_26": "proceedings:care-proceedings", "fgdm": "proceedings:pre-proceedings"},
    )
