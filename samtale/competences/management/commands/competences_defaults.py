from typing import Any

from django.utils.translation import ngettext

from samtale.competences import defaults
from samtale.lib.commands import TranslatedCommand


class Command(TranslatedCommand):
    help = (
        "Add the default competence catalogue's categories and competences that are "
        "missing (by name); changes nothing that exists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = defaults.install()
        self.stdout.write(
            ngettext(
                "Added %(count)s competence of the default catalogue.",
                "Added %(count)s competences of the default catalogue.",
                added,
            )
            % {"count": added}
        )
