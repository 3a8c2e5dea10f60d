"""The ``samtale`` console script: every management command with our settings.

samtale migrate
samtale demo
samtale import people personale.csv --dry-run
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtale.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # the environment is read here: a missing or malformed variable stops with its
        # own message (which names it), not under a traceback of Django's start
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.stderr.write(f"samtale: {error}\n")
        raise SystemExit(2) from None
    execute_from_command_line(["samtale", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
