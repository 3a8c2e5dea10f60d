"""The form renderer (``FORM_RENDERER``): Django's widget templates rendered by Jinja2.

Rendering a form field's widget with Django's template engine costs about half a
millisecond of CPU; a conversation page shows some 30 of them, a third of the page's
CPU. Django ships every one of its widget and form templates for Jinja2 too, which
renders the same HTML at a fraction of the cost. The admin's widgets (the related-object
wrapper and its own inputs) exist only as Django templates: a template the Jinja2 set
lacks is rendered the way Django's default renderer would. The pages themselves stay
Django templates.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    def __init__(self) -> None:
        self._jinja2 = Jinja2()
        self._django = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self._jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
