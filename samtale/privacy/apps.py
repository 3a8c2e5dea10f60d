from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "samtale.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.privacy import holding

        personal_data.register(holding.HOLDING)
