"""The Danish words the organisations use: a conversation is "afholdt" (never "holdt"),
and the form one prepares with is the "samtaleskema"."""

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samtale.conversations import services
from samtale.conversations.models import ConversationKind
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

# "Holdt", "holdes af", "markér som holdt", "samtalen er holdt", ...
HOLD = re.compile(r"\b(holdt|holdes)\b", re.IGNORECASE)


def test_a_conversation_is_afholdt(client_as, personas):
    mus = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        mus,
        by=host(mus),
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Kontoret",
    )
    url = reverse("conversations:detail", args=[mus.pk])
    page = client_as("leader").get(url).content.decode()
    assert "Markér som afholdt" in page
    assert not HOLD.search(page), HOLD.search(page)
    services.mark_held(mus, by=host(mus))
    for persona in ("leader", "employee"):
        page = client_as(persona).get(url).content.decode()
        assert "Afholdt" in page
        assert not HOLD.search(page), (persona, HOLD.search(page))
    mine = client_as("leader").get(reverse("conversations:overview")).content.decode()
    assert not HOLD.search(mine), HOLD.search(mine)


def test_the_form_is_the_samtaleskema(client_as):
    client = client_as("admin")
    forms = client.get(reverse("questionnaires:list")).content.decode()
    assert "<h1>Samtaleskemaer</h1>" in forms
    assert "<span>Samtaleskemaer</span>" in forms  # the menu
    kinds = client.get(reverse("conversations:kinds")).content.decode()
    assert "hvilket samtaleskema de bruger som standard" in kinds
    for page in (forms, kinds):
        assert "forberedelsesskema" not in page.lower()


# Other senses of "holde" the catalogue may use: a calendar kept up to date, an address
# kept to oneself, an address that stops working, Ctrl held down.
OTHER_HOLD = re.compile(
    r"holdes opdateret|hold\s+den for dig selv|holder straks op|Hold Ctrl", re.IGNORECASE
)
ANY_HOLD = re.compile(r"\b(hold|holdt|holdes|holde|holder)\b", re.IGNORECASE)


def test_every_danish_text_of_the_catalogue_uses_the_words():
    """Every Danish text (the compiled catalogue the pages, e-mails and PDFs use): a
    conversation is afholdt, afholdes, afholdt af, never holdt; the form is the
    samtaleskema; a leader's own superior is their chef or bestyrelsesformand (a board
    chair is no chef)."""
    path = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as compiled:
        texts = gettext.GNUTranslations(compiled)._catalog.values()  # type: ignore[attr-defined]
    found = [text for text in texts if ANY_HOLD.search(OTHER_HOLD.sub("", text))]
    assert not found, found
    assert not [text for text in texts if "forberedelsesskema" in text.lower()]
    chef = re.compile(r"\bchef(en|er|s)?\b", re.IGNORECASE)
    assert not [t for t in texts if chef.search(t) and "bestyrelsesformand" not in t]
