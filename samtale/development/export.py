"""The development plans and activities of HR's area as a workbook (XLSX), for HR.

What it holds: the people (and teams, for the plans of their GRUS), their goals (the
goal, the competence it names, by when, who is responsible, how far it came, whether it
is a proposal) and the activities (kind,
description, estimated cost, hours, period, who is responsible, status, and the latest
decision: what, by whom, when). Never the conversation's text: no summary, no notes, no
preparation, no decision reasons and no evaluations (the person's own words).

Written with ``samtale.lib.tabular.stream_xlsx`` from the rows of two queries read with
``.iterator(chunk_size=...)``: the rows are never all in memory, so 50,000 of them stay
far below 200 MB. Every plan exported is a read of conversation content: each is logged
on its conversation (``samtale.conversations.reading.record``), in batches of
``READ_BATCH`` rows, one INSERT each.

A whole municipality's workbook takes longer than a request may (48 s for 99,020
goals), so HR asks for it and a background task writes it (``samtale.development.exporting``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samtale.conversations import reading as conversation_reading
from samtale.development import policy, queries
from samtale.development.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Decision,
    ItemStatus,
    PlanItem,
    Proposal,
    Responsible,
)
from samtale.lib.tabular import Column, Sheet, stream_xlsx
from samtale.org import policy as org_policy

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer

CHUNK = 2000
READ_BATCH = 5000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename() -> str:
    return f"udviklingsplaner-{timezone.localdate():%Y-%m-%d}.xlsx"


def _area(viewer: Viewer, prefix: str) -> Any:
    """The plans of people in HR's units (and below), and of teams there (GRUS)."""
    return org_policy.subtree_q(
        f"{prefix}person__unit__path", viewer.hr_paths
    ) | org_policy.subtree_q(f"{prefix}team__unit__path", viewer.hr_paths)


def _owner(prefix: str) -> dict[str, Any]:
    """The person's name and unit, or the team's (its name, and its unit)."""
    return {
        "owner": Coalesce(f"{prefix}person__name", f"{prefix}team__name"),
        "owner_unit": Coalesce(f"{prefix}person__unit__name", f"{prefix}team__unit__name"),
    }


GOAL_FIELDS = (
    "plan__conversation_id",
    "owner",
    "plan__person__employee_number",
    "owner_unit",
    "plan__conversation__kind__name_da",
    "plan__conversation__kind__name_en",
    "plan__conversation__starts_at",
    "plan__conversation__leader__name",
    "goal",
    "competence__name",
    "due",
    "responsible",
    "status",
    "proposal",
)

ACTIVITY_FIELDS = (
    "owner",
    "item__plan__person__employee_number",
    "owner_unit",
    "item__goal",
    "kind",
    "description",
    "cost",
    "hours",
    "starts",
    "ends",
    "responsible",
    "status",
    "decision",
    "decided_by_name",
    "decided_at",
)


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def goal_rows(viewer: Viewer, read: set[int]) -> Iterator[Sequence[object]]:
    """One row per goal in HR's area; the conversations they were agreed in go to ``read``."""
    responsible, status, proposal = _labels(Responsible), _labels(ItemStatus), _labels(Proposal)
    english = translation.get_language() == "en"
    rows = (
        PlanItem.objects.filter(_area(viewer, "plan__"))
        .annotate(**_owner("plan__"))
        .order_by(_owner("plan__")["owner"], "plan__person_id", "plan_id", "order", "pk")
        .values_list(*GOAL_FIELDS)
    )
    for row in rows.iterator(chunk_size=CHUNK):
        read.add(row[0])
        (_conv, name, number, unit, kind_da, kind_en, date, leader, goal) = row[:9]
        competence, due, resp, st, prop = row[9:]
        yield [
            name,
            number,
            unit,
            kind_en if english else kind_da,
            date.date() if date is not None else None,
            leader,
            goal,
            competence,
            due,
            responsible.get(resp, resp),
            status.get(st, st),
            proposal.get(prop, prop),
        ]


def activity_rows(viewer: Viewer) -> Iterator[Sequence[object]]:
    """One row per activity in HR's area, with its latest decision."""
    kinds, responsible, statuses, decisions = (
        _labels(ActivityKind),
        _labels(Responsible),
        _labels(ActivityStatus),
        _labels(Decision),
    )
    rows = (
        queries.with_decision(Activity.objects.filter(_area(viewer, "item__plan__")))
        .annotate(**_owner("item__plan__"))
        .order_by(_owner("item__plan__")["owner"], "item__plan__person_id", "item_id", "pk")
        .values_list(*ACTIVITY_FIELDS)
    )
    for row in rows.iterator(chunk_size=CHUNK):
        (name, number, unit, goal, kind, description, cost, hours, starts, ends, resp, st) = row[
            :12
        ]
        decision, decided_by, decided_at = row[12:]
        yield [
            name,
            number,
            unit,
            goal,
            kinds.get(kind, kind),
            description,
            cost,
            hours,
            starts,
            ends,
            responsible.get(resp, resp),
            statuses.get(st, st),
            decisions.get(decision, decision) if decision else None,
            decided_by,
            decided_at,
        ]


@dataclass
class Written:
    """What a workbook holds: its rows per sheet, and the plans (conversations) read."""

    goals: int = 0
    activities: int = 0
    plans: int = 0


def _counted(rows: Iterable[Sequence[object]], written: Written, sheet: str) -> Iterator[Any]:
    for row in rows:
        setattr(written, sheet, getattr(written, sheet) + 1)
        yield row


def write(viewer: Viewer, out: IO[bytes]) -> Written:
    """Write the workbook of HR's area to ``out`` and log the reads of the plans in it."""
    if not policy.can_export_plans(viewer):
        raise PermissionError
    read: set[int] = set()
    written = Written()
    person = [
        Column(_("Person or team"), width=28),
        Column(_("Employee number")),
        Column(_("Unit")),
    ]
    stream_xlsx(
        [
            Sheet(
                title=_("Development goals"),
                columns=[
                    *person,
                    Column(_("Conversation")),
                    Column(_("Date")),
                    Column(_("Leader"), width=28),
                    Column(_("Development goal"), width=50),
                    Column(_("Competence"), width=28),
                    Column(_("Done by")),
                    Column(_("Responsible")),
                    Column(_("Status")),
                    Column(_("Proposal")),
                ],
                rows=_counted(goal_rows(viewer, read), written, "goals"),
            ),
            Sheet(
                title=_("Activities"),
                columns=[
                    *person,
                    Column(_("Development goal"), width=40),
                    Column(_("Kind of activity"), width=20),
                    Column(_("Description"), width=50),
                    Column(_("Estimated cost (DKK)"), number_format="#,##0.00"),
                    Column(_("Hours"), number_format="0.0"),
                    Column(_("From")),
                    Column(_("To")),
                    Column(_("Responsible")),
                    Column(_("Status")),
                    Column(_("Decision")),
                    Column(_("Decided by"), width=28),
                    Column(_("Decided")),
                ],
                rows=_counted(activity_rows(viewer), written, "activities"),
            ),
        ],
        out,
        title=_("Development plans"),
    )
    ids = sorted(read)
    what = _("Development plan (HR's export)")
    # One row per plan read, written READ_BATCH at a time (one INSERT each), never a
    # query per plan.
    for start in range(0, len(ids), READ_BATCH):
        conversation_reading.record(viewer, [(pk, what) for pk in ids[start : start + READ_BATCH]])
    written.plans = len(ids)
    return written
