"""Dates read naturally in each language: "25. november 2031" in Danish and
"25 November 2031" in English, on the pages and in the e-mails (samtale/formats)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats

from samtale.conversations import services
from samtale.conversations.emails import participant_context
from samtale.conversations.models import ConversationKind
from samtale.core.mail import render_mail
from samtale.formats import OWN_FORMATS
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 11, 25, 14, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def mus(personas):
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    return services.invite(
        conversation, by=host(conversation), starts_at=START, location="Mødelokale Æblet"
    )


def test_every_language_defines_our_own_formats():
    # Django looks a name up in the language's module and would otherwise print the
    # name itself as a format.
    for language, _name in settings.LANGUAGES:
        for name in OWN_FORMATS:
            assert formats.get_format(name, lang=language) != name, (language, name)


def test_the_conversation_page_in_danish_and_in_english(client_as, settings, mus):
    client = client_as("employee")
    danish = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "tirsdag 25. november 2031, 14.00" in danish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Tuesday 25 November 2031, 14:00" in english
    assert "25. November" not in english


def test_the_reminder_mail_in_danish_and_in_english(personas, mus):
    context = {**participant_context(mus, personas.employee), "days": 2}
    subject, text, html = render_mail("conversation-reminder", context, language="da")
    assert subject == "Påmindelse: MUS med Lene Leder 25. november kl. 14.00"
    assert "tirsdag 25. november 2031, 14.00–14.30" in text
    assert "tirsdag 25. november 2031, 14.00" in html
    subject, text, html = render_mail("conversation-reminder", context, language="en")
    assert subject == (
        "Reminder: Employee development conversation (MUS) with Lene Leder on 25 November at 14:00"
    )
    assert "Tuesday 25 November 2031, 14:00–14:30" in text
    assert "Tuesday 25 November 2031, 14:00" in html
    assert "25. November" not in subject + text + html
