from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    verbose_name = "The statutory journey"

    def ready(self) -> None:
        from opencsc.casework import due_kept
        from opencsc.staff import stepping

        stepping.keep_read_models_with("due work", due_kept.keep, due_kept.forget, due_kept.rebuild_for_worker)
