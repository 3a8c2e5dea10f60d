"""``samtale seed --people N``: Eksempel Kommune at any size, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samtale.demo import builder
from samtale.demo import conversations as demo_conversations
from samtale.demo.management.commands.demo import write_logins
from samtale.lib.commands import TranslatedCommand
from samtale.org.models import OrgUnit, Person


def _seconds_since(started: float) -> str:
    return number_format(time.perf_counter() - started, decimal_pos=1)


class Command(TranslatedCommand):
    help = (
        "Generate Eksempel Kommune with about N people (the same shape as the demo, "
        "bulk inserted: 50,000 people in well under two minutes) for benchmarks and load "
        "tests. With --conversations it adds the demo's conversations and a bulk-inserted "
        "year of conversations for everybody else (also to an Eksempel Kommune seeded "
        "earlier without them). The database must be empty: with --reset it first "
        "DELETES every conversation, unit, person, team, role grant and personal login in "
        "it. Never use --reset on a database with real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=50_000, help="About this many people.")
        parser.add_argument("--seed", type=int, default=builder.DEMO_SEED, help="Random seed.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the organisation already in the database first.",
        )
        parser.add_argument("--password", default=builder.DEMO_PASSWORD)
        parser.add_argument(
            "--conversations",
            action="store_true",
            help="Add a year of conversations (one MUS or LUS per person, one GRUS per team).",
        )

    def handle(
        self,
        *args: Any,
        people: int,
        seed: int,
        reset: bool,
        password: str,
        conversations: bool,
        **options: Any,
    ) -> None:
        if people < 100:
            raise CommandError(_("--people must be at least 100."))
        if (
            conversations
            and not reset
            and builder.organisation_exists()
            and not demo_conversations.has_conversations()
        ):
            started = time.perf_counter()
            result = builder.build(people=people, seed=seed, password=password, year=True)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Added %(conversations)s conversations to %(name)s in %(seconds)s s.")
                    % {
                        "conversations": result.conversations,
                        "name": builder.ROOT_NAME,
                        "seconds": _seconds_since(started),
                    }
                )
            )
            write_logins(self, result.logins)
            return
        if builder.has_other_data():
            if not reset:
                raise CommandError(
                    _(
                        "The database already holds %(units)s units and %(people)s people. "
                        "seed only fills an empty database; add --reset to delete them first "
                        "(test and benchmark databases only)."
                    )
                    % {"units": OrgUnit.objects.count(), "people": Person.objects.count()}
                )
            started = time.perf_counter()
            builder.delete_organisation()
            self.stdout.write(
                _("Deleted the old organisation in %(seconds)s s.")
                % {"seconds": _seconds_since(started)}
            )
        started = time.perf_counter()
        result = builder.build(people=people, seed=seed, password=password, year=conversations)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Seeded %(name)s: %(units)s units, %(people)s people, %(conversations)s "
                    "conversations in %(seconds)s s."
                )
                % {
                    "name": builder.ROOT_NAME,
                    "units": result.units,
                    "people": result.people,
                    "conversations": result.conversations,
                    "seconds": _seconds_since(started),
                }
            )
        )
        write_logins(self, result.logins)
