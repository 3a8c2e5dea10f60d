from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "samtale.rounds"
    verbose_name = _("Rounds")

    def ready(self) -> None:
        from samtale.core import personal_data
        from samtale.rounds import privacy

        personal_data.register(privacy.HOLDING)

        from samtale.conversations import counting, leader_links, panels, signals
        from samtale.conversations import emails as conversation_emails
        from samtale.rounds import booking, emails, panel, services
        from samtale.rounds import counting as round_counting

        panels.register(
            panels.Panel(
                name=panel.NAME,
                template="rounds/_panel.html",
                pdf_template="rounds/_pdf.html",
                preparation_template="rounds/_preparation.html",
                load=panel.load,
                order=5,
                select_related=panel.SELECT_RELATED,
                annotate=panel.annotate,
            )
        )
        conversation_emails.add_invitation_link("round_information", emails.invitation_link)
        # the leader's overview counts the round they are in, not the calendar year
        counting.register(round_counting.for_leader)
        panels.register(
            panels.Panel(
                name=panel.BOOKING,
                template="rounds/_booking_panel.html",
                pdf_template=None,
                load=panel.load_booking,
                order=4,
                select_related=panel.SELECT_RELATED,
                place="top",
            )
        )
        # A booked time follows its conversation: freed when it is cancelled, moved or
        # freed when it is moved (booking.follow).
        signals.time_changed.connect(booking.follow, dispatch_uid="rounds-booking-follow")
        # The round's copy of each conversation's state, for the progress counts.
        signals.state_changed.connect(services.follow_state, dispatch_uid="rounds-state")
        # A conversation planned or asked for one at a time joins the round running.
        signals.created.connect(services.join_round, dispatch_uid="rounds-join")
        leader_links.register("rounds-booking", booking.leader_links)
