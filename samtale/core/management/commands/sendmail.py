"""``samtale sendmail``: the outgoing mail queue; ``--retry`` sends what is due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.core.mail import retry_due
from samtale.core.models import OutgoingMail
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = (
        "Show the outgoing e-mail queue. With --retry, enqueue every message that is due "
        "(queued messages whose next attempt has come, sends whose worker died), so no "
        "e-mail is lost while the mail server or the worker was down. Run it from cron, "
        "e.g. every 10 minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retry", action="store_true", help="Enqueue every message that is due."
        )
        parser.add_argument(
            "--failed",
            action="store_true",
            help="With --retry: also give the messages marked failed a new round of attempts.",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="With --retry: send in this process instead of through the task worker.",
        )

    def handle(self, *args: Any, retry: bool, failed: bool, now: bool, **options: Any) -> None:
        if retry:
            count = retry_due(include_failed=failed, now_in_process=now)
            if now:
                message = ngettext(
                    "Tried to send %(count)s e-mail.", "Tried to send %(count)s e-mails.", count
                )
            else:
                message = ngettext(
                    "Handed %(count)s e-mail to the task worker.",
                    "Handed %(count)s e-mails to the task worker.",
                    count,
                )
            self.stdout.write(message % {"count": count})
        counts = dict(OutgoingMail.objects.values_list("status").annotate(n=Count("pk")).order_by())
        summary = ", ".join(
            f"{counts.get(status, 0)} {label}" for status, label in OutgoingMail.Status.choices
        )
        self.stdout.write(_("Outgoing e-mail: %(summary)s.") % {"summary": summary})
