"""What the privacy app itself holds (the erasure record), and the framework's models
that Samtale uses: each is named here, so that the test that every model is named
(``tests/test_registry.py``) covers them too."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext as _

from samtale.core.personal_data import COVERED, NO_PERSONAL_DATA, Counts, Holding


def erase(person: Any) -> Counts:
    """The administration pages' history names the people whose records were changed
    there (``object_repr``): those rows go."""
    from django.contrib.contenttypes.models import ContentType

    from samtale.org.models import Person

    kind = ContentType.objects.get_for_model(Person)
    rows = LogEntry.objects.filter(content_type=kind, object_id=str(person.pk))
    return {_("Administration: history of changes"): rows.delete()[0]}


HOLDING = Holding(
    app="privacy",
    order=50,
    models={
        # No name of the erased person: see models.Erasure.
        "privacy.Erasure": NO_PERSONAL_DATA,
        "admin.LogEntry": COVERED,
        # A login's sessions go with the login (samtale.access.privacy).
        "sessions.Session": COVERED,
        "auth.Permission": NO_PERSONAL_DATA,
        "auth.Group": NO_PERSONAL_DATA,
        "contenttypes.ContentType": NO_PERSONAL_DATA,
        # Task results name mail and launch ids; ``samtale prune_db_task_results``.
        "django_tasks_database.DBTaskResult": NO_PERSONAL_DATA,
    },
    erase=erase,
)
