from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "opencsc.returns"
    verbose_name = "Statutory returns"
