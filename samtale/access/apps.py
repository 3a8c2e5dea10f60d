from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "samtale.access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from samtale.access import leavers
        from samtale.org.signals import people_left

        # An end date set in the past ends the person's sessions at once.
        people_left.connect(leavers.people_left, dispatch_uid="access-people-left")
