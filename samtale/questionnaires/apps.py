from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "samtale.questionnaires"
    verbose_name = _("Preparation forms")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.questionnaires import privacy

        personal_data.register(privacy.HOLDING)
