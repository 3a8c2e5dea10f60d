"""The request as our views see it: Django's request with the viewer beside the user.

``samtale.access.middleware.ViewerMiddleware`` sets ``viewer``; django-htmx's middleware
sets ``htmx``. Views annotate their request with ``ViewerRequest`` instead of
``HttpRequest``, so that ``request.viewer`` is typed and no view needs a helper or a
``type: ignore`` to reach it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from samtale.access.viewer import Viewer


class ViewerRequest(HttpRequest):
    viewer: Viewer
    htmx: HtmxDetails
