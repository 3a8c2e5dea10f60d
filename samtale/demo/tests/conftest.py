"""The demo organisation as a shared world (samtale.testing.worlds)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from samtale.testing import worlds


@worlds.world()
def demo() -> str:
    """The demo organisation, loaded by ``samtale demo`` into an empty database: what the
    command printed (the logins)."""
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()
