"""samtale.lib.models.LabelledModel: ``get_<field>_display()`` gives what Django's gives,
in the active language, translating only the label asked for."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation

from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation, ConversationEvent
from samtale.development.models import Activity, ActivityKind


def _django_display(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    return models.Model._get_FIELD_display(instance, field)  # type: ignore[attr-defined]


def test_every_choice_and_a_value_outside_them_give_what_django_gives():
    for language in ("da", "en"):
        with translation.override(language):
            for value in [*State.values, "no-such-state", ""]:
                conversation = Conversation(state=value)
                assert conversation.get_state_display() == _django_display(conversation, "state")
            for value in ActivityKind.values:
                activity = Activity(kind=value)
                assert activity.get_kind_display() == _django_display(activity, "kind")
    with translation.override("da"):
        danish = Conversation(state=State.HELD).get_state_display()
    with translation.override("en"):
        english = Conversation(state=State.HELD).get_state_display()
    assert danish != english and english == "Held"


def test_a_label_is_translated_once_not_every_choice(monkeypatch):
    event = ConversationEvent(from_state=State.INVITED, to_state=State.HELD)
    event.get_to_state_display()  # the table made once
    asked: list[str] = []
    real = translation._trans.gettext  # type: ignore[attr-defined]

    def counting(message: str) -> str:
        asked.append(message)
        return real(message)

    # what every lazy label calls (django.utils.translation's gettext)
    monkeypatch.setattr(translation._trans, "gettext", counting)  # type: ignore[attr-defined]
    with translation.override("da"):
        for _ in range(3):
            event.get_to_state_display()
    assert len(asked) == 3, asked  # Django's would translate all of State's labels each time
    assert len(State.choices) > 5


def test_every_model_of_ours_with_choices_is_labelled():
    """A new model whose field has choices derives from ``LabelledModel``, or its pages
    pay Django's cost for each label they show."""
    from django.apps import apps

    from samtale.lib.models import LabelledModel

    unlabelled = [
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("samtale.")
        and any(field.choices for field in model._meta.concrete_fields)
        and not issubclass(model, LabelledModel)
    ]
    assert unlabelled == []
