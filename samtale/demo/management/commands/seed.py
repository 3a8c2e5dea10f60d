"""``samtale seed --people N``: Eksempel Kommune at any size, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samtale.demo import builder
from samtale.demo.management.commands.demo import write_logins
from samtale.org.models import OrgUnit, Person


class Command(BaseCommand):
    help = (
        "Generate Eksempel Kommune with about N people (the same shape as the demo, "
        "bulk inserted: 50,000 people in well under two minutes) for benchmarks and load "
        "tests. The database must be empty: with --reset it first DELETES every unit, "
        "person, team, role grant and personal login in it. Never use --reset on a "
        "database with real data."
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

    def handle(
        self, *args: Any, people: int, seed: int, reset: bool, password: str, **options: Any
    ) -> None:
        if people < 100:
            raise CommandError("--people must be at least 100.")
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
        result = builder.build(people=people, seed=seed, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {builder.ROOT_NAME}: {result.units} units, {result.people} people "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
        write_logins(self, result.logins)
