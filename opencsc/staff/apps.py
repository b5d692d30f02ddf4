from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "opencsc.staff"
    verbose_name = "Staff: roles, teams and professionals"
