import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
application = get_wsgi_application()

# The URLconf and the translations loaded now, not on the first request.
from samtale.core.startup import warm  # noqa: E402 - needs the settings above

warm()
