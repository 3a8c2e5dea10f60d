"""The round's report as files: a PDF (tagged, Danish, from ``rounds/report_pdf.html``)
and a workbook (a sheet of units, and for those who may see names a sheet of who is
missing and one of the follow-ups outstanding; a sheet of person-hours per kind).
What each shows is the ``report.Report`` built for the viewer, no more: a number hidden
for TR and AMR (None) is written as a dash, as the page shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.conversations.pdf import ascii_safe
from samtale.lib.anonymity import DASH
from samtale.lib.pdf import html_to_pdf
from samtale.lib.tabular import Column, Sheet, write_xlsx

if TYPE_CHECKING:
    from samtale.org.models import Person
    from samtale.rounds.report import Report, Time

HOURS = "0.0"
SHARE = "0%"


def filename(report: Report, extension: str) -> str:
    """``Rapport-MUS-runden-2026-2026-03-31.pdf``: the round and the day it is made."""
    name = "-".join(part for part in (_("Report"), ascii_safe(report.round.name)) if part)
    return f"{ascii_safe(name)}-{timezone.localdate().isoformat()}.{extension}"


def report_pdf(report: Report, *, made_for: Person | None) -> bytes:
    html = render_to_string(
        "rounds/report_pdf.html", {"report": report, "round": report.round, "made_for": made_for}
    )
    return html_to_pdf(html)


def _n(value: int | None) -> object:
    return DASH if value is None else value


def _share(done: int | None, total: int | None) -> object:
    if done is None or total is None:
        return DASH
    return round(done / total, 4) if total else None


def _hours(time: Time | None) -> list[object]:
    if time is None:
        return [DASH, DASH, DASH]
    return [time.conversation_hours, time.preparation_hours, time.hours]


def _sum(values: list[int | None]) -> object:
    return DASH if None in values else sum(v for v in values if v is not None)


def _units(report: Report) -> Sheet:
    total = report.total
    return Sheet(
        title=_("Units"),
        columns=[
            Column(_("Unit")),
            Column(_("Code")),
            Column(_("Level")),
            Column(_("Called for")),
            Column(_("Held")),
            Column(_("Share held"), SHARE),
            Column(_("Not held")),
            Column(_("Not booked")),
            Column(_("Invited")),
            Column(_("Cancelled")),
            Column(_("Summary accepted")),
            Column(_("Follow-ups outstanding")),
            Column(_("Follow-ups overdue")),
            Column(_("Person-hours in conversations"), HOURS),
            Column(_("Person-hours preparing"), HOURS),
            Column(_("Person-hours in all"), HOURS),
        ],
        rows=[
            [
                row.unit.name,
                row.unit.code,
                row.depth + 1,
                _n(row.counts.total),
                _n(row.counts.done),
                _share(row.counts.done, row.counts.total),
                _n(row.missing),
                _n(row.counts.not_booked),
                _n(row.counts.invited),
                _n(row.counts.cancelled),
                _n(row.counts.accepted),
                _n(row.counts.follow_up_pending),
                _n(row.counts.follow_up_overdue),
                *_hours(row.time),
            ]
            for row in report.units
        ],
        total=[
            _("In all"),
            None,
            None,
            _n(total.total),
            _n(total.done),
            _share(total.done, total.total),
            _n(report.not_held),
            _n(total.not_booked),
            _n(total.invited),
            _n(total.cancelled),
            _n(total.accepted),
            _n(total.follow_up_pending),
            _n(total.follow_up_overdue),
            *_hours(report.time),
        ],
    )


def _kinds(report: Report) -> Sheet:
    return Sheet(
        title=_("Person-hours"),
        columns=[
            Column(_("Kind")),
            Column(_("Held")),
            Column(_("Participants")),
            Column(_("Preparation per participant (minutes)")),
            Column(_("Person-hours in conversations"), HOURS),
            Column(_("Person-hours preparing"), HOURS),
            Column(_("Person-hours in all"), HOURS),
        ],
        rows=[
            [
                k.kind.name,
                _n(k.held),
                _n(k.participants),
                k.preparation_minutes,
                *_hours(k.time),
            ]
            for k in report.kinds
        ],
        total=[
            _("In all"),
            _sum([k.held for k in report.kinds]),
            _sum([k.participants for k in report.kinds]),
            None,
            *_hours(report.time),
        ],
    )


def _missing(report: Report) -> Sheet:
    return Sheet(
        title=_("Not held"),
        columns=[
            Column(_("Unit")),
            Column(_("Kind")),
            Column(_("With")),
            Column(_("Held by")),
            Column(_("State")),
            Column(_("Time")),
        ],
        rows=[
            [m.unit, m.kind.name, m.with_whom, m.leader, m.state, m.starts_at]
            for m in report.missing or []
        ],
    )


def _follow_ups(report: Report) -> Sheet:
    return Sheet(
        title=_("Follow-ups outstanding"),
        columns=[
            Column(_("Unit")),
            Column(_("Kind")),
            Column(_("With")),
            Column(_("Held by")),
            Column(_("Deadline")),
            Column(_("State")),
        ],
        rows=[
            [w.unit, w.kind.name, w.with_whom, w.leader, w.deadline, w.state]
            for w in report.follow_ups or []
        ],
    )


def report_xlsx(report: Report) -> bytes:
    """Counts, shares and hours as numbers, dates as dates; names only in the sheets of
    who is missing and of the follow-ups, which only those who may see names get."""
    sheets = [_units(report), _kinds(report)]
    if report.access.names:
        sheets += [_missing(report), _follow_ups(report)]
    return write_xlsx(sheets, title=report.round.name)
