"""``samtale demo``: load the demo organisation "Eksempel Kommune" and print the logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from samtale.demo import builder
from samtale.lib.commands import TranslatedCommand
from samtale.org.models import OrgUnit, Person


class Command(TranslatedCommand):
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
                _(
                    "The database already holds an organisation (%(units)s units, "
                    "%(people)s people) that is not the demo. The demo is only loaded into "
                    "an empty database."
                )
                % {"units": OrgUnit.objects.count(), "people": Person.objects.count()}
            )
        result = builder.build(password=password, history=True)
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Loaded %(name)s: %(units)s units, %(people)s people, "
                        "%(conversations)s conversations."
                    )
                    % {
                        "name": builder.ROOT_NAME,
                        "units": result.units,
                        "people": result.people,
                        "conversations": result.conversations,
                    }
                )
            )
        elif result.conversations:
            self.stdout.write(
                _(
                    "%(name)s is already loaded; added %(conversations)s conversations; "
                    "logins reset."
                )
                % {"name": builder.ROOT_NAME, "conversations": result.conversations}
            )
        else:
            self.stdout.write(
                _("%(name)s is already loaded; logins reset.") % {"name": builder.ROOT_NAME}
            )
        write_logins(self, result.logins)


def write_logins(command: BaseCommand, logins: list[builder.Login]) -> None:
    command.stdout.write(_("Demo logins (role, e-mail, password):"))
    for line in builder.format_logins(logins):
        command.stdout.write(line)
