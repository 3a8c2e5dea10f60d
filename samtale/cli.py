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
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samtale", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
