from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "samtale.development"
    verbose_name = _("Development plans")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.development import privacy

        personal_data.register(privacy.HOLDING)

        from samtale.conversations import panels
        from samtale.development import job_panel, leaving, panel
        from samtale.org.leaving import register

        # A leader who leaves: HR sees their people's plans; the plans follow the people.
        register(leaving.WORK)

        panels.register(
            panels.Panel(
                name=panel.NAME,
                template="development/_panel.html",
                pdf_template="development/_pdf.html",
                preparation_template="development/_preparation.html",
                load=panel.load,
                load_many=panel.load_many,
                annotate=panel.annotate,
                order=10,
            )
        )
        panels.register(
            panels.Panel(
                name=job_panel.NAME,
                template="development/_job_panel.html",
                pdf_template=None,
                load=job_panel.load,
                load_many=job_panel.load_many,
                order=9,
            )
        )
