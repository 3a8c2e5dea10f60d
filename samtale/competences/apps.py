from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "samtale.competences"
    verbose_name = _("Competences")

    def ready(self) -> None:
        from samtale.competences import grid
        from samtale.questionnaires.grid import SOURCE_CATALOGUE, register_row_source

        register_row_source(SOURCE_CATALOGUE, grid.rows_for)
