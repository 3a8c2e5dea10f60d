"""A person's secret calendar-feed token: create, renew (revoke and make a new one),
revoke, and find the person a token belongs to. The feed itself (what it shows) belongs
to the conversations app."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from samtale.access.models import CalendarFeedToken
from samtale.org.models import Person


def active_token(person: Person) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(person=person, revoked_at__isnull=True).first()


@transaction.atomic
def create_token(person: Person) -> CalendarFeedToken:
    """The person's active token; a new one if they have none."""
    existing = active_token(person)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return CalendarFeedToken.objects.create(person=person)
    except IntegrityError:  # made at the same moment in another request
        found = active_token(person)
        if found is None:
            raise
        return found


@transaction.atomic
def revoke_tokens(person: Person) -> int:
    """Revoke the person's active token: its address answers 404 from now on."""
    return CalendarFeedToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def renew_token(person: Person) -> CalendarFeedToken:
    """Revoke the active token and make a new one (a new address)."""
    revoke_tokens(person)
    return CalendarFeedToken.objects.create(person=person)


def person_for_token(token: str) -> Person | None:
    """The person whose active token this is, if their login is active and they are
    still employed; else None. One query."""
    if not token or len(token) > 64:
        return None
    found = (
        CalendarFeedToken.objects.select_related("person", "person__user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if found is None:
        return None
    person = found.person
    user = person.user
    if user is None or not user.is_active or not person.is_active:
        return None
    return person
