from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "samtale.development"
    verbose_name = _("Development plans")

    def ready(self) -> None:
        from samtale.conversations import panels
        from samtale.development import panel

        panels.register(
            panels.Panel(
                name=panel.NAME,
                template="development/_panel.html",
                pdf_template="development/_pdf.html",
                load=panel.load,
                order=10,
            )
        )
