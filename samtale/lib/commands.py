"""Management commands whose output people read, in Danish by default and in English
with ``--lang en``, like the rest of Samtale."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation


class TranslatedCommand(BaseCommand):
    """A command that writes sentences for people. It gets ``--lang`` (the languages of
    settings.LANGUAGES, Danish by default) and runs with that language active, so what
    it writes with ``gettext`` and its CommandErrors come out in it."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the output (default: %(default)s).",
        )
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            return super().execute(*args, **options)
