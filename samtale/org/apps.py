from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "samtale.org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.org import privacy

        personal_data.register(privacy.HOLDING)

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from samtale.org import headcount
        from samtale.org.models import OrgUnit, Person, Team

        # Every save of a person or a unit changes the organisation's version (the key of
        # the head counts and the org tree); bulk writers call headcount.changed()
        # themselves. A person is never deleted one by one (a receiver would stop the
        # demo's reset from deleting them in bulk).
        post_save.connect(headcount.changed, sender=Person, dispatch_uid="headcount-person")
        post_save.connect(headcount.changed, sender=OrgUnit, dispatch_uid="headcount-unit")
        post_delete.connect(headcount.changed, sender=OrgUnit, dispatch_uid="headcount-unit-del")
        # Teams and their members decide which units a member sees (the org tree, kept
        # under the same version: samtale.org.tree).
        post_save.connect(headcount.changed, sender=Team, dispatch_uid="headcount-team")
        post_delete.connect(headcount.changed, sender=Team, dispatch_uid="headcount-team-del")
        m2m_changed.connect(
            headcount.members_changed,
            sender=Team.members.through,
            dispatch_uid="headcount-members",
        )

        from samtale.lib import folding

        # Searching folds names in the database (samtale.org.search); PostgreSQL has the
        # function from a migration, SQLite gets it on every new connection.
        connection_created.connect(folding.register_on_sqlite, dispatch_uid="samtale_fold")
