from typing import Any

from django.core.management.base import BaseCommand

from samtale.competences import defaults


class Command(BaseCommand):
    help = (
        "Add the default competence catalogue's categories and competences that are "
        "missing (by name); changes nothing that exists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = defaults.install()
        self.stdout.write(f"{added} competences added.")
