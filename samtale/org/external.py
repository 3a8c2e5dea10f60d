"""External chiefs: a board chair (bestyrelsesformand) invited by HR.

A board chair holds the LUS of the leaders they are chief of. They are not employed:
no employee number, no unit. HR for the whole organisation (or an administrator) invites
them with their name and e-mail and chooses the leaders they are chief of; the leaders'
nearest leader becomes the board chair, a login is made without a password, and an
e-mail invites them to choose one (Django's password-reset token, the same link as
"Forgot your password?").

What an external person then sees is decided by the existing rules
(samtale.org.policy, samtale.conversations.policy): their own conversations (the LUS
they hold) and the leaders they are chief of, not the staff below those leaders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from samtale.org import emails, services
from samtale.org.models import Person
from samtale.org.queries import PersonQuerySet, active_q

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer


def leaders_for(viewer: Viewer) -> PersonQuerySet:
    """The leaders an external chief can be chosen for: employed people in the viewer's
    part of the organisation who lead someone (one query)."""
    reports = Person.objects.filter(active_q(), manager=OuterRef("pk"))
    return (
        Person.objects.visible_to(viewer)
        .active()
        .filter(employee_number__isnull=False)
        .filter(Exists(reports))
        .select_related("unit", "manager")
        .order_by("name", "pk")
    )


def email_in_use(email: str) -> bool:
    """Does a person or a login already have this e-mail (in any letter case)?"""
    email = email.strip()
    return (
        Person.objects.filter(email__iexact=email).exists()
        or get_user_model().objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def invite_external_chief(
    *,
    name: str,
    email: str,
    leaders: list[Person],
    invited_by: Viewer | None = None,
    job_title: str = "",
) -> Person:
    """Create the external person (no employee number, no unit) with a login without a
    password, make them the nearest leader of ``leaders``, and mail them the invitation
    with a link to choose a password. The caller checks the viewer may invite and that
    the leaders are in their scope."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Write the person's name."))
    if not email.strip():
        raise ValidationError(_("Write the person's e-mail address."))
    if email_in_use(email):
        raise ValidationError(
            _("Someone already has the e-mail %(email)s: an external person needs their own.")
            % {"email": email.strip()},
            code="duplicate",
        )
    if not leaders:
        raise ValidationError(_("Choose the leader or leaders they are chief of."))
    person = services.create_person(name=name, email=email, job_title=job_title.strip())
    user = services.ensure_user(person)  # no password: they choose one from the e-mail
    for leader in leaders:
        services.set_manager(leader, person)
    emails.send_external_invitation(person, user, leaders=leaders, invited_by=_name(invited_by))
    return person


def _name(viewer: Any) -> str:
    person = getattr(viewer, "person", None)
    if person is not None:
        return str(person.name)
    user = getattr(viewer, "user", None)
    return str(getattr(user, "email", "") or "")
