"""``samtale count_competence_overviews``: count the competence overviews of the large
scopes ahead of the pages, so that nobody waits for them: every HR, TR and AMR role's,
the administrators' (everyone) and each top of the line's (a director's). Only of use
with a cache shared by the processes (``CACHE_URL=redis://...``): run it after a
deployment and at night (the counts are kept for a day; a new day is a new key)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from samtale.access.viewer import acting_as
from samtale.competences import gaps
from samtale.lib.commands import TranslatedCommand
from samtale.org.models import Person, Role


class Command(TranslatedCommand):
    help = (
        "Count the competence overviews of HR, TR, AMR, the administrators and the tops "
        "of the line ahead of the pages (needs a shared cache: CACHE_URL)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = str(settings.CACHES["default"]["BACKEND"])
        if backend.endswith("LocMemCache"):
            raise CommandError(
                _(
                    "The cache is each process's own memory (CACHE_URL is not set): what "
                    "this command counts would be gone when it ends. Set CACHE_URL to the "
                    "Redis the web processes use."
                )
            )
        started = time.perf_counter()
        counted: set[str] = set()
        for scope in self._scopes():
            if scope.key not in counted:
                gaps.count_ahead(scope)
                counted.add(scope.key)
        self.stdout.write(
            _("Counted %(n)d competence overviews in %(seconds).1f s.")
            % {"n": len(counted), "seconds": time.perf_counter() - started}
        )

    def _scopes(self) -> Any:
        whole = gaps.whole_scope()
        if whole is not None:
            yield whole
        holders = Person.objects.filter(
            role_grants__role__in=[Role.HR, Role.TR, Role.AMR]
        ).distinct()
        tops = Person.objects.filter(manager__isnull=True, reports__isnull=False).distinct()
        for person in [*holders.order_by("pk"), *tops.order_by("pk")]:
            scope = gaps.scope_for(acting_as(person))
            if scope is not None:
                yield scope
