from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "opencsc.synth"
