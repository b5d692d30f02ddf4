from django.apps import AppConfig


class RecordingConfig(AppConfig):
    name = "opencsc.recording"
    verbose_name = "Case notes and drafts"
