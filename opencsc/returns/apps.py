from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "opencsc.returns"
    verbose_name = "Statutory returns"

    def ready(self) -> None:
        from opencsc.returns import child_findings
        from opencsc.staff import stepping

        # Steps sit below returns: returns hands over how a step marks a child's findings to recompute.
        stepping.keep_read_models_with("findings", child_findings.mark_changed, child_findings.forget,
                                       child_findings.refresh_stale)
