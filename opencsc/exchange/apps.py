from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "opencsc.exchange"
    verbose_name = "Imports and exchange"
