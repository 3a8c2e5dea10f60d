from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "samtale.competences"
    verbose_name = _("Competences")

    def ready(self) -> None:
        from samtale.competences import privacy
        from samtale.core import personal_data

        personal_data.register(privacy.HOLDING)

        from samtale.competences import grid, panel, queries, summary_part
        from samtale.conversations import panels, signals, summary_parts
        from samtale.questionnaires.grid import SOURCE_CATALOGUE, register_row_source

        register_row_source(
            SOURCE_CATALOGUE,
            grid.rows_for,
            answer_annotation=grid.answer_annotation,
            answered_rows=grid.answered_rows,
        )
        summary_parts.register(
            summary_parts.SummaryPart(
                name=summary_part.NAME,
                template="competences/_summary_levels.html",
                form=summary_part.form_for,
            )
        )
        panels.register(
            panels.Panel(
                name=panel.NAME,
                template="competences/_panel.html",
                pdf_template="competences/_panel_pdf.html",
                load=panel.load,
                order=5,
                summary_annotations=queries.agreed_levels_annotation,
            )
        )
        signals.summary_written.connect(
            on_summary_written, dispatch_uid="competences.on_summary_written"
        )
        signals.summary_accepted.connect(
            on_summary_accepted, dispatch_uid="competences.on_summary_accepted"
        )


def on_summary_written(
    sender: Any, *, conversation: Any, version: Any, previous: Any, by: Any, parts: Any, **kw: Any
) -> None:
    """The levels the summary page gave are recorded with the version; a new version
    written without them starts from the levels of the version it follows."""
    from samtale.competences import policy, services, summary_part

    if not policy.records_levels(conversation):
        return
    levels = summary_part.levels_from(parts)
    if levels is not None:
        services.record_agreed_levels(version, levels, by=by)
    elif previous is not None:
        services.carry_forward(previous, version)


def on_summary_accepted(
    sender: Any, *, conversation: Any, version: Any, person: Any, by: Any, **kw: Any
) -> None:
    """The person accepted the version: its agreed levels become their current levels."""
    from samtale.competences import policy, services

    if policy.records_levels(conversation) and person.pk == conversation.person_id:
        services.accept_agreed_levels(version, by=by)
