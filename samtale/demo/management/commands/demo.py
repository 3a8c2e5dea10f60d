"""``samtale demo``: load the demo organisation "Eksempel Kommune" and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samtale.demo import builder
from samtale.org.models import OrgUnit, Person


class Command(BaseCommand):
    help = (
        "Load the demo organisation Eksempel Kommune (about 400 people) into an empty "
        "database, with conversations in every state for the personas and a spread of "
        "other people (made through the services, without sending mail), and print one "
        "login per persona. Running it again changes nothing but the persona passwords, "
        "and prints the logins again. It refuses a database that holds another "
        "organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=builder.DEMO_PASSWORD,
            help="Password for every demo login (default: %(default)s).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        if not builder.organisation_exists() and builder.has_other_data():
            raise CommandError(
                f"The database already holds an organisation ({OrgUnit.objects.count()} units, "
                f"{Person.objects.count()} people) that is not the demo. The demo is only "
                "loaded into an empty database. / Databasen har allerede en organisation; "
                "demoen indlæses kun i en tom database."
            )
        result = builder.build(password=password)
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {builder.ROOT_NAME}: {result.units} units, {result.people} people, "
                    f"{result.conversations} conversations."
                )
            )
        elif result.conversations:
            self.stdout.write(
                f"{builder.ROOT_NAME} is already loaded; added {result.conversations} "
                "conversations; logins reset."
            )
        else:
            self.stdout.write(f"{builder.ROOT_NAME} is already loaded; logins reset.")
        write_logins(self, result.logins)


def write_logins(command: BaseCommand, logins: list[builder.Login]) -> None:
    command.stdout.write(
        "Demo logins (role, e-mail, password) / Demo-logins (rolle, e-mail, adgangskode):"
    )
    for line in builder.format_logins(logins):
        command.stdout.write(line)
