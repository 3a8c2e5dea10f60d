from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "samtale.rounds"
    verbose_name = _("Rounds")

    def ready(self) -> None:
        from samtale.conversations import leader_links, panels, signals
        from samtale.rounds import booking, panel

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
        leader_links.register("rounds-booking", booking.leader_links)
