from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opencsc.people"
    verbose_name = "People"
