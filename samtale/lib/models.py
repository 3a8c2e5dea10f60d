"""``LabelledModel``: Django's ``Model`` with a cheaper ``get_<field>_display()``.

Django makes the table of a field's choices anew on every call, hashing every label on
the way; a label is a lazy translation, so each call translates every choice of the
field (a conversation's state: eleven). A page that shows a state, a role or a status
per row pays for it on every row: on the conversation page some 30 translations for a
dozen labels. The models whose labels the pages show derive from ``LabelledModel``,
which keeps the table per field (the labels in it stay lazy, so each call still gives
the active language's label) and translates only the label asked for.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

# field -> {value: label}; the fields are the models', made once per process
_labels: dict[models.Field[Any, Any], dict[Any, Any]] = {}


class LabelledModel(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        labels = _labels.get(field)
        if labels is None:
            labels = _labels[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        # as Django's: the value itself where it is not one of the choices
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
