from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opencsc.access"
    verbose_name = "Users, teams and access"

    def ready(self):
        from . import checks, signals  # noqa: F401 - checks register themselves

        signals.connect()
