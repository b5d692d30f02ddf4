from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opencsc.access"
    verbose_name = "Users, teams and access"

    def ready(self):
        from opencsc.staff import stepping

        from . import audit, checks  # noqa: F401 - checks register themselves

        # Every step writes its audit entries through the chain; every write of the record is noticed by its step.
        stepping.write_audit_with(audit.append)
        stepping.watch()
