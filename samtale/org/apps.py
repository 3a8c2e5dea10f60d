from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "samtale.org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from samtale.lib import folding

        # Searching folds names in the database (samtale.org.search); PostgreSQL has the
        # function from a migration, SQLite gets it on every new connection.
        connection_created.connect(folding.register_on_sqlite, dispatch_uid="samtale_fold")
