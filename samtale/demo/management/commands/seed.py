"""``samtale seed --people N``: Eksempel Kommune at any size, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samtale.demo import builder
from samtale.demo import conversations as demo_conversations
from samtale.demo.management.commands.demo import write_logins
from samtale.org.models import OrgUnit, Person


class Command(BaseCommand):
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
            raise CommandError("--people must be at least 100.")
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
                    f"Added {result.conversations} conversations to {builder.ROOT_NAME} "
                    f"in {time.perf_counter() - started:.1f} s."
                )
            )
            write_logins(self, result.logins)
            return
        if builder.has_other_data():
            if not reset:
                raise CommandError(
                    f"The database already holds {OrgUnit.objects.count()} units and "
                    f"{Person.objects.count()} people. seed only fills an empty database; "
                    "add --reset to delete them first (test and benchmark databases only)."
                )
            started = time.perf_counter()
            builder.delete_organisation()
            self.stdout.write(
                f"Deleted the old organisation in {time.perf_counter() - started:.1f} s."
            )
        started = time.perf_counter()
        result = builder.build(people=people, seed=seed, password=password, year=conversations)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {builder.ROOT_NAME}: {result.units} units, {result.people} people, "
                f"{result.conversations} conversations in {time.perf_counter() - started:.1f} s."
            )
        )
        write_logins(self, result.logins)
