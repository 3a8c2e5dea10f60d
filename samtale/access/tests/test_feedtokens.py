"""Calendar-feed tokens: one active per person, long and random, revocable; a revoked
token, a deactivated login or an ended employment finds nobody."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from samtale.access import feedtokens
from samtale.access.models import CalendarFeedToken

pytestmark = pytest.mark.django_db


def test_create_is_idempotent_and_tokens_are_long_and_random(personas):
    first = feedtokens.create_token(personas.employee)
    assert feedtokens.create_token(personas.employee).pk == first.pk
    other = feedtokens.create_token(personas.colleague)
    assert len(first.token) >= 43 and first.token != other.token
    assert set(first.token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_one_active_token_per_person(personas):
    feedtokens.create_token(personas.employee)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeedToken.objects.create(person=personas.employee)


def test_renew_revokes_the_old_token(personas):
    old = feedtokens.create_token(personas.employee)
    new = feedtokens.renew_token(personas.employee)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None and new.token != old.token
    assert feedtokens.person_for_token(old.token) is None
    assert feedtokens.person_for_token(new.token) == personas.employee


def test_revoke(personas):
    token = feedtokens.create_token(personas.employee)
    assert feedtokens.revoke_tokens(personas.employee) == 1
    assert feedtokens.active_token(personas.employee) is None
    assert feedtokens.person_for_token(token.token) is None
    assert feedtokens.revoke_tokens(personas.employee) == 0


def test_unknown_and_odd_tokens_find_nobody(personas):
    feedtokens.create_token(personas.employee)
    for token in ("", "x", "a" * 43, "a" * 500):
        assert feedtokens.person_for_token(token) is None


def test_no_feed_for_an_inactive_login_or_after_employment_ended(personas):
    token = feedtokens.create_token(personas.employee).token
    assert feedtokens.person_for_token(token) == personas.employee
    employee = personas.employee
    employee.end_date = timezone.localdate() - datetime.timedelta(days=1)
    employee.save()
    assert feedtokens.person_for_token(token) is None
    employee.end_date = None
    employee.save()
    user = personas.user("employee")
    user.is_active = False
    user.save()
    assert feedtokens.person_for_token(token) is None
