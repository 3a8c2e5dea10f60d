from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "samtale.conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from samtale.conversations.followups.services import forget_follow_up_days
        from samtale.conversations.models import ConversationKind

        post_save.connect(
            forget_follow_up_days, sender=ConversationKind, dispatch_uid="follow-up-days"
        )

        from samtale.conversations import leaving
        from samtale.org.leaving import register

        # A leader who leaves hands their open conversations to the successor.
        register(leaving.WORK)
