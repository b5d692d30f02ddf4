from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opencsc.plans"
    verbose_name = "Plans"

    def ready(self):
        # Plan reviews are due on My work; the journey does not import this app, the app registers.
        from opencsc.casework.due import register_due_source

        from .selectors import plan_reviews_due

        register_due_source(plan_reviews_due)
        from . import views  # noqa: F401 - its steps register with the journey's pages
