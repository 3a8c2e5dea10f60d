from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samtale.core"
    verbose_name = _("Samtale")

    def ready(self) -> None:
        from samtale.core import personal_data, privacy

        personal_data.register(privacy.HOLDING)

        from samtale.core import (
            checks,  # noqa: F401  (registers the system checks)
            database,
        )

        connection_created.connect(database.tune, dispatch_uid="samtale_tune_postgresql")
