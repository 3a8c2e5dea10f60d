"""One function per e-mail about the organisation. Each queues its mail in the caller's
transaction (samtale.core.mail): the change and its mail commit or roll back together."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from samtale.core.mail import mail_to, queue_mail, render_mail
from samtale.org.models import Person
from samtale.org.viewer import Login

LANGUAGE = "da"  # Danish first; people have no language preference yet


def choose_password_url(user: Any) -> str:
    """The link to choose a password (Django's password-reset confirmation page)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )


def send_external_invitation(
    person: Person, user: Any, *, leaders: list[Person], invited_by: str
) -> None:
    """The invitation to an external chief (a board chair): who invited them, for which
    leaders, and the link to choose a password."""
    hours = max(int(settings.PASSWORD_RESET_TIMEOUT) // 3600, 1)
    subject, text, html = render_mail(
        "external-invitation",
        {
            "person": person,
            "leaders": leaders,
            "invited_by": invited_by,
            "url": choose_password_url(user),
            "hours": hours,
            "reset_url": settings.SITE_URL + reverse("password_reset"),
            "login_url": settings.SITE_URL + reverse("login"),
        },
        language=LANGUAGE,
    )
    queue_mail(to=[person.email], subject=subject, text=text, html=html)


def send_login_linked(person: Person, user: Any, *, by: Login) -> None:
    """Tell a person that a login was linked to them: which, by whom, and whom to ask
    if they did not expect it."""
    subject, text, html = render_mail(
        "login-linked",
        {
            "person": person,
            "login": user.email,
            "by": getattr(by, "email", "") or "",
            "reads_url": settings.SITE_URL + reverse("conversations:reads"),
        },
        language=LANGUAGE,
    )
    queue_mail(to=[person.email], subject=subject, text=text, html=html)


def send_password_set(person: Person, user: Any, *, by: Login) -> None:
    """Tell a person that an administrator set the password of their login."""
    subject, text, html = render_mail(
        "password-set",
        {
            "person": person,
            "login": user.email,
            "by": getattr(by, "email", "") or "",
            "reads_url": settings.SITE_URL + reverse("conversations:reads"),
        },
        language=LANGUAGE,
    )
    queue_mail(to=[person.email], subject=subject, text=text, html=html)


def send_access_changed(
    person: Person, change: str, values: dict[str, Any], *, by: Login, to: list[str]
) -> None:
    """Tell a person that someone else changed their login, e-mail address or roles
    (``samtale.org.services.tell_of_change``): what, by whom, and whom to ask if they
    did not expect it. One mail to each address of ``to``."""
    from django.utils import translation

    from samtale.core.mail import queue_mails
    from samtale.org.services import describe_change

    with translation.override(LANGUAGE):
        what = describe_change(change, values)
    subject, text, html = render_mail(
        "access-changed",
        {
            "person": person,
            "what": what,
            "by": getattr(by, "email", "") or "",
            "reads_url": settings.SITE_URL + reverse("conversations:reads"),
        },
        language=LANGUAGE,
    )
    queue_mails(
        [{"to": [address], "subject": subject, "text": text, "html": html} for address in to]
    )


def send_handover(handover: Any, *, people: list[Person], teams: list[Any]) -> int:
    """A leader who leaves handed over (``samtale.org.leaving``): the successor hears
    whom and what they now lead; each person who moved hears who their nearest leader
    is from now on. Returns the number of e-mails queued."""
    from samtale.core.mail import queue_mails

    leaver, successor = handover.leaver, handover.successor
    common = {"leaver": leaver, "successor": successor, "handover": handover}
    mails = []
    if successor.email:
        mails.append(
            mail_to(
                "leader-handover-successor",
                successor.email,
                {
                    **common,
                    "people": people,
                    "teams": teams,
                    "url": settings.SITE_URL + reverse("home"),
                },
                language=LANGUAGE,
            )
        )
    for person in people:
        if not person.email:
            continue
        mails.append(
            mail_to(
                "leader-handover-person",
                person.email,
                {**common, "person": person},
                language=LANGUAGE,
                reply_to=successor.email,
            )
        )
    return queue_mails(mails)
