from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "samtale.rounds"
    verbose_name = _("Rounds")

    def ready(self) -> None:
        from samtale.conversations import counting, panels
        from samtale.conversations import emails as conversation_emails
        from samtale.rounds import counting as round_counting
        from samtale.rounds import emails, panel

        panels.register(
            panels.Panel(
                name=panel.NAME,
                template="rounds/_panel.html",
                pdf_template="rounds/_pdf.html",
                load=panel.load,
                order=5,
                select_related=panel.SELECT_RELATED,
            )
        )
        conversation_emails.add_invitation_link("round_information", emails.invitation_link)
        # the leader's overview counts the round they are in, not the calendar year
        counting.register(round_counting.for_leader)
