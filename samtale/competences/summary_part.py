""" "Aftalte kompetenceniveauer": the agreed levels on a MUS's summary page (a part of
``samtale.conversations.summary_parts``, registered in ``CompetencesConfig.ready``).

For each competence of the person's profile (and any other assessed or agreed one) the
leader sees the required level, the employee's self-assessment (only once the employee
has shared their preparation; that read is logged), their own assessment, and chooses the
agreed level (or none). What the form cleans goes with the summary to
``conversations.services.write_summary``; ``apps.on_summary_written`` records it through
``services.record_agreed_levels``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.competences import policy, queries
from samtale.competences.models import LEVEL_NAMES, LEVELS
from samtale.conversations import reading

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, SummaryVersion

NAME = "agreed_levels"


class AgreedLevelsForm(forms.Form):
    """One optional choice of level per competence; ``cleaned_data["levels"]`` maps the
    competence ids to a level or None."""

    def __init__(self, rows: list[queries.LevelRow], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", gettext_lazy("Not agreed"))] + [
            (str(n), f"{n} {LEVEL_NAMES[n]}") for n in LEVELS
        ]
        for row in rows:
            self.fields[row.field_name] = forms.TypedChoiceField(
                label=row.competence.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(row.agreed) if row.agreed else "",
            )
            row.bound = self[row.field_name]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["levels"] = {row.competence.pk: data.get(row.field_name) for row in self.rows}
        return data


def form_for(
    viewer: Viewer,
    conversation: Conversation,
    latest: SummaryVersion | None,
    data: Mapping[str, Any] | None,
) -> AgreedLevelsForm | None:
    if not policy.can_record_levels(viewer, conversation):
        return None
    rows, assessments = queries.level_rows(conversation, latest)
    form = AgreedLevelsForm(rows, data)
    form.own_shared = assessments.own_shared  # type: ignore[attr-defined]
    form.person = conversation.person  # type: ignore[attr-defined]
    if assessments.own and data is None and conversation.person is not None:
        reading.record(
            viewer,
            [
                (
                    conversation.pk,
                    _("Self-assessment of %(name)s") % {"name": conversation.person.name},
                )
            ],
        )
    return form


def levels_from(parts: Mapping[str, Any]) -> dict[int, int | None] | None:
    """The levels the summary page gave (None: written without the page)."""
    cleaned = parts.get(NAME)
    if not cleaned:
        return None
    levels: dict[int, int | None] = cleaned.get("levels", {})
    return levels
