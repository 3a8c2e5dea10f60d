from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "samtale.access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from samtale.access import privacy
        from samtale.core import personal_data

        personal_data.register(privacy.HOLDING)
