from django.apps import AppConfig


class RecordingConfig(AppConfig):
    name = "opencsc.recording"
    verbose_name = "Case notes and drafts"

    def ready(self) -> None:
        from opencsc.recording import chronology
        from opencsc.staff import stepping

        stepping.keep_read_models_with("chronology", chronology.keep, chronology.forget, chronology.rebuild_for_worker)
