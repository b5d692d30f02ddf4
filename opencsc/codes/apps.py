from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "opencsc.codes"
    verbose_name = "DfE and Ofsted code lists"
