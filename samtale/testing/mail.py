"""A mail backend for tests that fails while told to, then delivers to mail.outbox."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FLAKY_MAILERS = {"default": {"BACKEND": "samtale.testing.mail.FlakyEmailBackend"}}


class FlakyEmailBackend(LocmemBackend):
    """Raises ``SMTPServerDisconnected`` for the next ``failures_left`` sends (class-wide:
    Django makes a new backend for every send); then behaves like the locmem backend."""

    failures_left: ClassVar[int] = 0
    calls: ClassVar[int] = 0

    def send_messages(self, messages: Sequence[Any]) -> int:
        type(self).calls += 1
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed (test)")
        return super().send_messages(messages)
