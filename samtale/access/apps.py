from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "samtale.access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from samtale.access import checks, leavers, privacy, readlog  # noqa: F401 (checks)
        from samtale.access.middleware import mark_seen_at_login
        from samtale.core import personal_data
        from samtale.org.signals import access_changed, login_linked, people_left

        login_linked.connect(readlog.record_login_link, dispatch_uid="readlog-login-link")
        access_changed.connect(readlog.record_access_change, dispatch_uid="readlog-access-changed")
        user_logged_in.connect(mark_seen_at_login, dispatch_uid="samtale-seen-at-login")
        personal_data.register(privacy.HOLDING)
        # An end date set in the past ends the person's sessions at once.
        people_left.connect(leavers.people_left, dispatch_uid="access-people-left")
