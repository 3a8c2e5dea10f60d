"""``{% load conversations %}``: small presentation helpers of the conversation pages.

- ``{% render_panel shown %}``: a panel of a higher app (``samtale.conversations.panels``)
  with its content, on the page (``pdf=True``: in the PDF), inside the page's context;
- ``{% summary_progress conversation %}``: where a held conversation's summary stands for
  the viewer ("Mine samtaler"; the conversation annotated by ``with_progress_of``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from samtale.conversations import todo
from samtale.conversations.lifecycle import State
from samtale.conversations.panels import ShownPanel

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(
    context: template.Context, shown: ShownPanel, pdf: bool = False, preparation: bool = False
) -> SafeString:
    if preparation:
        name = shown.panel.preparation_template
    else:
        name = shown.panel.pdf_template if pdf else shown.panel.template
    if not name:
        return SafeString("")
    panel_template = context.template.engine.get_template(name)  # type: ignore[union-attr]
    with context.push(shown.context):
        return SafeString(panel_template.render(context))


@register.simple_tag(takes_context=True)
def summary_progress(context: template.Context, conversation: Any) -> str:
    if conversation.state != State.HELD:
        return ""
    return todo.summary_progress(context["viewer"], conversation)
