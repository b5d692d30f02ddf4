from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "opencsc.web"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_alive_at_sign_in

        user_logged_in.connect(mark_alive_at_sign_in, dispatch_uid="opencsc-session-alive")
