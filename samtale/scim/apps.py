from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScimConfig(AppConfig):
    name = "samtale.scim"
    verbose_name = _("Provisioning (SCIM)")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.scim import privacy

        personal_data.register(privacy.HOLDING)
