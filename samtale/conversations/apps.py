from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "samtale.conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from samtale.conversations import privacy
        from samtale.conversations.documents.services import remove_file_on_delete
        from samtale.conversations.followups.services import forget_follow_up_days
        from samtale.conversations.models import ConversationDocument, ConversationKind
        from samtale.core import personal_data

        personal_data.register(privacy.HOLDING)
        post_delete.connect(
            remove_file_on_delete, sender=ConversationDocument, dispatch_uid="document-file"
        )

        post_save.connect(
            forget_follow_up_days, sender=ConversationKind, dispatch_uid="follow-up-days"
        )

        from samtale.conversations import leaving
        from samtale.conversations.followups import leaving as followups_leaving
        from samtale.org.leaving import register

        # A leader who leaves hands their open conversations to the successor, and the
        # follow-up requests waiting for them (after the conversations, usually closed).
        register(leaving.WORK)
        register(followups_leaving.WORK)
