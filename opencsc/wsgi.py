import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
application = get_wsgi_application()

from opencsc.access.checks import refuse_public_keys  # noqa: E402  (needs the settings loaded)

refuse_public_keys()
