from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    verbose_name = "The statutory journey"
