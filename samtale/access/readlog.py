"""The read log's writer: record reads of content by anyone but its author. The domain
decides what was read (``samtale.conversations.reading``); this layer only writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from samtale.access.models import ReadLog, User
from samtale.org.models import Person
from samtale.org.viewer import Login

# The read log's subject type for a login linked to a person (subject_id: the person):
# not a read, but what gives someone else the person's reads, so the person sees it with
# them (``samtale.conversations.views.reads``).
LOGIN_LINK_SUBJECT = "login"


def _reader(viewer: Any) -> tuple[Any, str]:
    person = getattr(viewer, "person", None)
    user = getattr(viewer, "user", None)
    return user, person.name if person is not None else (user.email if user is not None else "")


def record_reads(viewer: Any, reads: list[tuple[str, int, str]]) -> None:
    """Record several reads at once (one query): ``(subject_type, subject_id, what)``."""
    if not reads:
        return
    user, name = _reader(viewer)
    ReadLog.objects.bulk_create(
        ReadLog(
            reader=user,
            reader_name=name,
            subject_type=subject_type,
            subject_id=subject_id,
            what=what[:200],
        )
        for subject_type, subject_id, what in reads
    )


def _login(by: Login) -> User | None:
    """The acting login as this app's model (the project's only kind of login)."""
    if by is None or isinstance(by, User):
        return by
    raise TypeError(f"not a login of samtale.access: {type(by).__name__}")


def _actor_name(by: Login) -> str:
    person = getattr(by, "person", None) if by is not None else None
    return person.name if person is not None else str(getattr(by, "email", ""))


def record_password_set(person: Person, user: User, *, by: Login) -> None:
    """An administrator set the password of the person's login: whoever did could log
    in as them, so the person sees it where they see who has read their things."""
    ReadLog.objects.create(
        reader=_login(by),
        reader_name=_actor_name(by),
        subject_type=LOGIN_LINK_SUBJECT,
        subject_id=person.pk,
        what=(_("Set the password of your login %(login)s") % {"login": user.email})[:200],
    )


def record_login_link(sender: Any, *, person: Person, user: User, by: Login, **kwargs: Any) -> None:
    """Receiver of ``samtale.org.signals.login_linked``: the link, who made it, which
    login."""
    ReadLog.objects.create(
        reader=_login(by),
        reader_name=_actor_name(by),
        subject_type=LOGIN_LINK_SUBJECT,
        subject_id=person.pk,
        what=(_("Linked the login %(login)s to you") % {"login": user.email})[:200],
    )


def record_access_change(
    sender: Any, *, person: Person, by: Login, what: str, **kwargs: Any
) -> None:
    """Receiver of ``samtale.org.signals.access_changed``: someone else changed the
    person's login, address or roles (``what``, as the person reads it)."""
    ReadLog.objects.create(
        reader=_login(by),
        reader_name=_actor_name(by),
        subject_type=LOGIN_LINK_SUBJECT,
        subject_id=person.pk,
        what=what[:200],
    )
