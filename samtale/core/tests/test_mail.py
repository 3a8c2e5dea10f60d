"""Outgoing mail: queued in the database, delivered by a task, retried, never lost."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.message import EmailMessage
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import default_task_backend
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from samtale.core import mail as outgoing
from samtale.core.mail import deliver, queue_mail, render_mail, retry_due
from samtale.core.models import OutgoingMail
from samtale.lib.ics import DANISH_TIME, CalendarEvent, invitation
from samtale.testing.mail import FLAKY_MAILERS, FlakyEmailBackend

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def an_invitation(sequence: int = 0, method: str = "REQUEST") -> bytes:
    start = datetime(2027, 2, 3, 10, 0, tzinfo=DANISH_TIME)
    event = CalendarEvent(
        uid="conversation-7@samtale.test",
        sequence=sequence,
        start=start,
        end=start + timedelta(minutes=30),
        summary="MUS: Søren Ærø",
        location="Mødelokale Åen",
        organizer=("Lene Larsen", "lene@example.dk"),
        attendees=[("Søren Ærø", "soren@example.dk")],
    )
    return invitation(event, method)  # type: ignore[arg-type]


def queue_invitation(**changes: object) -> OutgoingMail:
    values: dict[str, object] = {
        "to": ["soren@example.dk"],
        "subject": "Invitation: MUS med Lene Larsen",
        "text": "Du er inviteret til MUS. Hilsen Åse.",
        "html": "<p>Du er inviteret til <b>MUS</b>. Hilsen Åse.</p>",
        "calendar": an_invitation(),
        "attachments": [("dagsorden.pdf", b"%PDF-1.7 fake", "application/pdf")],
    }
    values.update(changes)
    return queue_mail(**values)  # type: ignore[arg-type]


@pytest.fixture
def flaky():
    FlakyEmailBackend.failures_left = 0
    FlakyEmailBackend.calls = 0
    with override_settings(MAILERS=FLAKY_MAILERS):
        yield FlakyEmailBackend
    FlakyEmailBackend.failures_left = 0


def make_due(outgoing_mail: OutgoingMail) -> None:
    """Time passes: the next attempt is due (well past the retry grace)."""
    OutgoingMail.objects.filter(pk=outgoing_mail.pk).update(
        next_attempt_at=timezone.now() - timedelta(hours=1)
    )


def calendar_parts(message: EmailMessage) -> list[EmailMessage]:
    return [p for p in message.walk() if p.get_content_type() == "text/calendar"]


def outbox() -> list[Any]:
    """What the locmem backend delivered (EmailMultiAlternatives, typed loosely)."""
    return list(mail.outbox)


# --- delivery ---------------------------------------------------------------------


def test_queued_mail_goes_out_after_commit_with_invitation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue_invitation()
    # Nothing leaves before the transaction commits.
    assert mail.outbox == []
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.QUEUED
    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.last_error == ""

    [sent] = outbox()
    assert sent.to == ["soren@example.dk"]
    assert sent.subject == "Invitation: MUS med Lene Larsen"
    assert sent.body == "Du er inviteret til MUS. Hilsen Åse."
    mimetypes = [alternative.mimetype for alternative in sent.alternatives]
    assert mimetypes == ["text/html", "text/calendar; method=REQUEST"]

    message = sent.message()
    parts = calendar_parts(message)
    assert len(parts) == 2  # the alternative and the invite.ics attachment
    for part in parts:
        assert part.get_param("method") == "REQUEST"
        assert part.get_content_charset() == "utf-8"
        calendar = Calendar.from_ical(part.get_content())
        assert calendar["METHOD"] == "REQUEST"
        assert calendar.walk("VEVENT")[0]["SUMMARY"] == "MUS: Søren Ærø"
    filenames = [p.get_filename() for p in message.iter_attachments()]
    assert filenames == ["invite.ics", "dagsorden.pdf"]
    pdf = next(p for p in message.iter_attachments() if p.get_filename() == "dagsorden.pdf")
    assert pdf.get_content() == b"%PDF-1.7 fake"


def test_cancellation_method_is_read_from_the_calendar(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_invitation(calendar=an_invitation(sequence=1, method="CANCEL"))
    assert row.calendar_method == "CANCEL"
    [sent] = outbox()
    assert sent.alternatives[-1].mimetype == "text/calendar; method=CANCEL"
    for part in calendar_parts(sent.message()):
        assert part.get_param("method") == "CANCEL"


def test_plain_mail_without_calendar_or_html(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(to=["a@example.dk", "b@example.dk"], subject="Hej", text="Tekst")
    [sent] = outbox()
    assert sent.to == ["a@example.dk", "b@example.dk"]
    assert sent.alternatives == []
    assert sent.attachments == []


def test_the_same_mail_to_many_goes_in_batches(django_capture_on_commit_callbacks, monkeypatch):
    """One row per recipient (nobody sees the others' addresses), one delivery task per
    batch, each message sent once."""
    monkeypatch.setattr(outgoing, "DELIVERY_BATCH", 2)
    people = [f"p{n}@example.dk" for n in range(5)]
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()  # type: ignore[attr-defined]
        with django_capture_on_commit_callbacks(execute=True):
            assert outgoing.queue_bulk(people, subject="Runden", text="Tekst", html="<p>T</p>") == 5
        batches = [r.args[0] for r in default_task_backend.results]  # type: ignore[attr-defined]
    rows = list(OutgoingMail.objects.order_by("pk"))
    assert [r.to for r in rows] == [[p] for p in people]
    assert batches == [[r.pk for r in rows[0:2]], [r.pk for r in rows[2:4]], [rows[4].pk]]
    assert sum(outgoing.deliver_mails.call(batch) for batch in batches) == 5
    assert sorted(m.to[0] for m in outbox()) == people
    assert outbox()[0].alternatives[0][0] == "<p>T</p>"
    assert outgoing.deliver_mails.call(batches[0]) == 0  # sent already


def test_every_mail_says_it_is_automatic(django_capture_on_commit_callbacks):
    """RFC 3834's Auto-Submitted and Outlook's X-Auto-Response-Suppress on every mail,
    whatever headers and Reply-To the caller gives."""
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(to=["a@example.dk"], subject="Hej", text="Tekst")
        queue_mail(
            to=["b@example.dk"],
            subject="Hej",
            text="Tekst",
            reply_to=["lene@example.dk"],
            headers={"X-Samtale": "1"},
        )
    plain, answered = outbox()
    for sent in (plain, answered):
        message = sent.message()
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    assert plain.message()["Reply-To"] is None
    assert answered.message()["Reply-To"] == "lene@example.dk"
    assert answered.message()["X-Samtale"] == "1"


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_invitation()
        raise RuntimeError("the service failed after queueing")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_many_mails_are_stored_in_one_insert_and_each_goes_out_after_commit(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    mails = [
        {"to": [f"p{n}@example.dk"], "subject": f"Påmindelse {n}", "text": "Husk", "html": ""}
        for n in range(40)
    ]
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_num_queries(1),
    ):
        assert outgoing.queue_mails(mails) == 40
    assert mail.outbox == []
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).count() == 40
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in outbox()) == sorted(f"p{n}@example.dk" for n in range(40))
    assert all(m.extra_headers["Auto-Submitted"] == "auto-generated" for m in outbox())
    assert outgoing.queue_mails([]) == 0


def test_recipients_must_be_a_list():
    with pytest.raises(TypeError):
        queue_mail(to="soren@example.dk", subject="x", text="y")
    with pytest.raises(ValueError):
        queue_mail(to=[], subject="x", text="y")


def test_sent_mail_is_not_sent_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_invitation()
    assert deliver(row.pk) == "skipped"
    assert retry_due() == 0
    assert len(mail.outbox) == 1


# --- failures and retries ---------------------------------------------------------


def test_failed_send_is_recorded_and_retried_until_it_goes_out(
    flaky, django_capture_on_commit_callbacks, caplog
):
    flaky.failures_left = 2
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_invitation()

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at is not None
    assert row.next_attempt_at > timezone.now()
    assert mail.outbox == []
    assert "attempt 1 failed" in caplog.text

    # Not yet due: a retry run leaves it alone.
    assert retry_due() == 0
    assert flaky.calls == 1

    make_due(row)
    call_command("sendmail", "--retry", stdout=StringIO())
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.QUEUED, 2)
    # The wait doubles after each failure.
    assert row.next_attempt_at is not None
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=90)

    make_due(row)
    call_command("sendmail", "--retry", stdout=StringIO())
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 3
    assert row.last_error == ""
    assert len(mail.outbox) == 1
    assert calendar_parts(mail.outbox[0].message())


def test_with_a_deferring_backend_the_retry_is_scheduled(flaky, django_capture_on_commit_callbacks):
    flaky.failures_left = 1
    backend: Any = default_task_backend  # the dummy backend keeps what it was given
    with override_settings(TASKS=DUMMY_TASKS):
        with django_capture_on_commit_callbacks(execute=True):
            row = queue_mail(to=["soren@example.dk"], subject="Hej", text="Tekst")
        # The dummy backend keeps tasks without running them: one for the first attempt.
        [first] = backend.results
        assert first.task.name == "deliver_mail"
        assert first.args == [row.pk]
        assert first.task.run_after is None

        assert deliver(row.pk) == "queued"
        row.refresh_from_db()
        [_, retry] = backend.results
        assert retry.args == [row.pk]
        assert retry.task.run_after == row.next_attempt_at

        make_due(row)
        assert deliver(row.pk) == "sent"
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_it_is_failed_logged_and_can_be_retried(
    flaky, django_capture_on_commit_callbacks, caplog
):
    flaky.failures_left = outgoing.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        row = queue_invitation()
    for _ in range(outgoing.MAX_ATTEMPTS - 1):
        make_due(row)
        retry_due()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert row.attempts == outgoing.MAX_ATTEMPTS
    assert row.next_attempt_at is None
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "soren@example.dk" in errors[0].getMessage()

    # A failed mail is kept, not retried by itself ...
    assert retry_due() == 0
    # ... until the operator asks, after fixing the mail server.
    call_command("sendmail", "--retry", "--failed", stdout=StringIO())
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 1
    assert len(mail.outbox) == 1


def test_a_send_whose_worker_died_is_tried_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue_invitation()
    # A worker claimed it and died: the claim holds for a while, then lapses.
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=OutgoingMail.Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )
    assert deliver(row.pk) == "skipped"
    assert retry_due() == 0
    OutgoingMail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert retry_due() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutgoingMail.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_mail_queued_while_the_worker_was_down_is_sent_by_the_retry_command(
    django_capture_on_commit_callbacks,
):
    # The enqueue after commit never happened (worker down, process killed, ...).
    with django_capture_on_commit_callbacks(execute=False):
        row = queue_invitation()
    OutgoingMail.objects.filter(pk=row.pk).update(created=timezone.now() - timedelta(hours=1))
    make_due(row)
    out = StringIO()
    call_command("sendmail", "--retry", "--now", "--lang", "en", stdout=out)
    assert "Tried to send 1 e-mail." in out.getvalue()
    assert "1 sent" in out.getvalue()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT


def test_sendmail_without_options_only_reports(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queue_invitation()
    out = StringIO()
    call_command("sendmail", stdout=out)
    assert out.getvalue().strip() == "Udgående e-mails: 1 i kø, 0 sendes, 0 sendt, 0 fejlet."
    out = StringIO()
    call_command("sendmail", "--lang", "en", stdout=out)
    assert out.getvalue().strip() == "Outgoing e-mail: 1 queued, 0 sending, 0 sent, 0 failed."
    assert mail.outbox == []


def test_sendmail_retry_says_what_it_did_in_danish(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue_invitation()
    make_due(row)
    out = StringIO()
    call_command("sendmail", "--retry", stdout=out)
    assert out.getvalue().splitlines()[0] == "1 e-mail er givet videre til baggrundsprocessen."


# --- a real SMTP server -----------------------------------------------------------


def test_invitation_through_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):
    with (
        override_settings(MAILERS=smtp_server.mailers_setting()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = queue_invitation(to=["soren@example.dk"], reply_to=["lene@example.dk"])
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT, row.last_error

    [received] = smtp_server.received
    assert received.rcpt_tos == ["soren@example.dk"]
    message = received.message
    assert message["Subject"] == "Invitation: MUS med Lene Larsen"
    assert message["Reply-To"] == "lene@example.dk"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Auto-Response-Suppress"] == "OOF, AutoReply"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().strip() == "Du er inviteret til MUS. Hilsen Åse."
    parts = calendar_parts(message)
    assert len(parts) == 2
    alternative = next(p for p in parts if p.get_filename() is None)
    assert alternative.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(alternative.get_content())
    assert calendar["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    event = calendar.walk("VEVENT")[0]
    assert event["UID"] == "conversation-7@samtale.test"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "MUS: Søren Ærø"
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    attachment = next(p for p in parts if p.get_filename() == "invite.ics")
    assert Calendar.from_ical(attachment.get_content())["METHOD"] == "REQUEST"


def test_smtp_server_down_means_retry_not_loss(smtp_server, django_capture_on_commit_callbacks):
    port = smtp_server.port
    smtp_server.stop()
    with (
        override_settings(MAILERS=smtp_server.mailers_setting()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = queue_invitation()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.QUEUED
    assert row.attempts == 1
    assert row.last_error

    smtp_server.port = port
    smtp_server.start()  # may get another free port; the setting follows it
    make_due(row)
    with override_settings(MAILERS=smtp_server.mailers_setting()):
        assert retry_due() == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert len(smtp_server.messages) == 1


# --- rendering --------------------------------------------------------------------


@pytest.fixture
def email_templates(tmp_path, settings):
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "hello-subject.txt").write_text(
        "{% load i18n %}{% get_current_language as lang %}\n  Hej {{ name }}\n  ({{ lang }})\n",
        encoding="utf-8",
    )
    (folder / "hello-body.txt").write_text(
        "Kære {{ name }}\n\n{{ site_url }}/samtaler/\n", encoding="utf-8"
    )
    (folder / "hello-body.html").write_text("<p>Kære {{ name }}</p>", encoding="utf-8")
    (folder / "plain-subject.txt").write_text("Kun tekst", encoding="utf-8")
    (folder / "plain-body.txt").write_text("Tekst", encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return folder


def test_render_mail_in_the_recipients_language(email_templates, settings):
    settings.SITE_URL = "https://samtale.example"
    name = "Søren & Åse <Ærø>"
    subject, text, html = render_mail("hello", {"name": name}, language="en")
    assert subject == "Hej Søren & Åse <Ærø> (en)"
    # Text parts are not HTML-escaped; the HTML part is.
    assert text == "Kære Søren & Åse <Ærø>\n\nhttps://samtale.example/samtaler/\n"
    assert html == "<p>Kære Søren &amp; Åse &lt;Ærø&gt;</p>"
    assert render_mail("hello", {"name": "x"}, language="da")[0] == "Hej x (da)"


def test_render_mail_without_html_template(email_templates):
    assert render_mail("plain", {}, language="da") == ("Kun tekst", "Tekst\n", "")


# --- the admin ----------------------------------------------------------------------


def test_admin_lists_the_queue_read_only(
    client, django_user_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue_invitation(subject="Invitation: GRUS for Team Ærø")
    admin_user = django_user_model.objects.create_superuser(
        email="root@example.dk", password="x-very-secret-1"
    )
    client.force_login(admin_user)
    listing = client.get("/admin/core/outgoingmail/")
    assert listing.status_code == 200
    assert "Invitation: GRUS for Team Ærø" in listing.content.decode()
    assert client.get("/admin/core/outgoingmail/add/").status_code == 403
    detail = client.get(f"/admin/core/outgoingmail/{row.pk}/change/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Invitation: GRUS for Team Ærø" in page and "soren@example.dk" in page
    assert "Hilsen Åse" not in page and "BEGIN:VCALENDAR" not in page  # never the bodies
