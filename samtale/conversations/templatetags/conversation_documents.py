"""``{% load conversation_documents %}{% documents_panel %}``: the documents of the
conversation page (needs ``conversation`` and ``viewer`` in the context; the page itself
is for participants only): the list, the upload form, and the link to last year's
summary and agreements."""

from __future__ import annotations

from typing import Any

from django import template

from samtale.conversations import policy
from samtale.conversations.documents import queries as documents
from samtale.conversations.documents.forms import DocumentForm
from samtale.lib.reuse import blank_form

register = template.Library()


@register.inclusion_tag("conversations/_documents.html", takes_context=True)
def documents_panel(context: template.Context) -> dict[str, Any]:
    viewer = context["viewer"]
    conversation = context["conversation"]
    if not policy.can_read_documents(viewer, conversation):
        return {"shown": False}
    # read with the rest of the page (samtale.conversations.reading.content_for)
    rows = [
        {"document": d, "can_delete": policy.can_delete_document(viewer, d)}
        for d in context["content"].documents
    ]
    can_attach = policy.can_attach_document(viewer, conversation)
    return {
        "shown": True,
        "conversation": conversation,
        "rows": rows,
        "previous": documents.previous_of_same_kind(conversation),
        "can_attach": can_attach,
        "prominent": documents.offered_prominently(conversation),
        # the same for every page: rendered once per process and language
        "form": blank_form(DocumentForm) if can_attach else None,
        "csrf_token": context.get("csrf_token"),
    }
