#!/usr/bin/env python
"""Django's manage.py; the installed ``samtale`` command does the same."""

from samtale.cli import main

if __name__ == "__main__":
    main()
