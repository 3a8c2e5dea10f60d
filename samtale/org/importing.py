"""Importing units and people from the HR/payroll system (CSV or XLSX; see docs/import.md).

Two steps, always in this order:

1. ``validate_units(table)`` / ``validate_people(table)`` read every row and compare it
   with the database. They return a Result: the problems found (row, column, reason,
   in the active language), or a Plan: what would be created and changed.
2. ``apply_plan(plan)`` writes a plan without problems, in bulk, and then recomputes
   the materialised paths once.

``import_table`` does both in one transaction; with ``dry_run=True`` it only validates.
Nothing is written when any row has a problem.

Upsert rules: units are matched by code, people by employee number. A column that is
missing from the file leaves that field alone for existing rows; an empty cell in a
column that is there clears the field. Units and people missing from the file are left
as they are (a person leaves by getting an end date). A person led by an external
person (a board chair: no employee number) keeps that leader when the leader cell is
empty, since the payroll system does not know such leaders.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import batched
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samtale.lib.paths import find_cycle
from samtale.lib.tabular import Cell, Row, Table, normalise_header, parse_date, parse_decimal
from samtale.org import headcount, services, signals
from samtale.org.models import LeaderChange, OrgUnit, Person, ProfessionalGroup

BATCH_SIZE = 1000
UNITS = "units"
PEOPLE = "people"
KINDS = (UNITS, PEOPLE)

# Canonical column -> accepted headers. The first is the English name, the second the
# Danish one (used in messages about a file with Danish headers); then other spellings.
# Headers are compared in lower case with spaces and dashes read as underscores.
UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "kode", "enhedskode", "unit_code"),
    "name": ("name", "navn", "enhedsnavn", "unit_name"),
    "parent_code": ("parent_code", "overordnet", "overordnet_kode", "overordnet_enhed", "parent"),
}
UNIT_REQUIRED = ("code", "name")

PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("employee_number", "medarbejdernummer", "medarbejdernr", "mednr"),
    "name": ("name", "navn"),
    "email": ("email", "email", "e_mail", "mail", "e_mailadresse", "emailadresse"),
    "unit_code": ("unit_code", "enhed", "enhedskode", "unit"),
    "manager_employee_number": (
        "manager_employee_number",
        "leder",
        "ledernummer",
        "leders_medarbejdernummer",
        "manager",
    ),
    "job_title": ("job_title", "stilling", "stillingsbetegnelse", "title"),
    "professional_group": ("professional_group", "faggruppe"),
    "start_date": ("start_date", "startdato", "ansaettelsesdato", "ansættelsesdato"),
    "end_date": ("end_date", "slutdato", "fratrædelsesdato", "fratraedelsesdato"),
    "weekly_hours": ("weekly_hours", "timer", "ugentlige_timer", "timetal", "hours"),
    "leave_from": ("leave_from", "orlov_fra", "orlov_start", "orlovsstart"),
    "leave_until": ("leave_until", "orlov_til", "orlov_slut", "orlovsslut"),
}
PEOPLE_REQUIRED = ("employee_number", "name", "unit_code")

MAX_LENGTHS = {
    "code": 64,
    "name": 200,
    "employee_number": 32,
    "unit_code": 64,
    "manager_employee_number": 32,
    "parent_code": 64,
    "email": 254,
    "job_title": 200,
    "professional_group": 100,
}

PERSON_FIELDS = (
    "name",
    "email",
    "unit_id",
    "manager_id",
    "job_title",
    "professional_group_id",
    "start_date",
    "end_date",
    "weekly_hours",
    "leave_from",
    "leave_until",
)

NEW = "new"
CHANGED = "changed"
LEAVING = "leaving"
ACTION_LABELS = {
    NEW: gettext_lazy("New"),
    CHANGED: gettext_lazy("Changed"),
    LEAVING: gettext_lazy("Leaving"),
}


class Progress(Protocol):
    """Wraps an iterable to show progress (tqdm in the command); must yield the items."""

    def __call__[T](self, items: Iterable[T], *, total: int, desc: str) -> Iterable[T]: ...


def no_progress[T](items: Iterable[T], *, total: int, desc: str) -> Iterable[T]:
    return items


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row; the header is row 1; 0 for the file as a whole
    column: str  # as written in the file's header ("" for the whole row)
    message: str  # already in the active language

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _('Row %(row)s, column "%(column)s": %(message)s') % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Change:
    row: int
    key: str  # unit code or employee number
    name: str
    action: str  # NEW, CHANGED or LEAVING
    fields: list[str] = field(default_factory=list)  # what changes, in the active language

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class Plan:
    kind: str
    rows: int = 0
    new: int = 0
    changed: int = 0
    leaving: int = 0
    unchanged: int = 0
    new_groups: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # What apply_plan writes: key -> field values.
    creates: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    # Parent/manager key of each created or updated row (unit code, employee number;
    # an int is the pk of an existing person kept as leader).
    parents: dict[str, str | int | None] = field(default_factory=dict, repr=False)
    update_fields: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    user_emails: dict[int, str] = field(default_factory=dict, repr=False)
    # The pks of people whose end date moves before today (their sessions end).
    left: list[int] = field(default_factory=list, repr=False)
    # Leaders given an end date who still lead people after the import: HR hands them
    # over to a successor (``samtale.org.leaving``) once imported.
    successors_needed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(new)s new, %(changed)s changed, %(leaving)s leaving, %(unchanged)s unchanged."
        ) % {
            "new": self.new,
            "changed": self.changed,
            "leaving": self.leaving,
            "unchanged": self.unchanged,
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.leaving)


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


# --- columns ---------------------------------------------------------------------------


def _key(header: str) -> str:
    return "_".join(normalise_header(header).replace("-", " ").split())


@dataclass
class _Columns:
    index: dict[str, int]
    label: dict[str, str]
    ignored: list[str]


def _columns(
    table: Table,
    spec: dict[str, tuple[str, ...]],
    required: Sequence[str],
    problems: list[Problem],
) -> _Columns:
    aliases = {_key(alias): canon for canon, names in spec.items() for alias in names}
    index: dict[str, int] = {}
    label: dict[str, str] = {}
    ignored: list[str] = []
    english = danish = 0
    for i, header in enumerate(table.header):
        if not header:
            continue
        raw = table.raw_header[i]
        canon = aliases.get(_key(header))
        if canon is None:
            ignored.append(raw)
            continue
        if canon in index:
            problems.append(
                Problem(table.header_row, raw, _("This column appears more than once."))
            )
            continue
        index[canon] = i
        label[canon] = raw
        if _key(header) == canon:
            english += 1
        else:
            danish += 1
    for canon in spec:
        label.setdefault(canon, spec[canon][1] if danish > english else canon)
    for canon in required:
        if canon not in index:
            problems.append(
                Problem(
                    table.header_row,
                    label[canon],
                    _("The column is required but missing from the file."),
                )
            )
    return _Columns(index, label, ignored)


class _RowReader:
    """Reads the cells of one row, recording problems against the file's column names."""

    def __init__(self, row: Row, columns: _Columns, problems: list[Problem]) -> None:
        self.row = row
        self.columns = columns
        self.problems = problems
        self.ok = True

    def problem(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.row.number, self.columns.label[column], message))

    def present(self, column: str) -> bool:
        return column in self.columns.index

    def cell(self, column: str) -> Cell:
        return self.row.get(self.columns.index.get(column))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cell(column)
        text = value.isoformat() if isinstance(value, datetime.date) else value
        if required and not text:
            self.problem(column, _("A value is required."))
        limit = MAX_LENGTHS.get(column)
        if limit and len(text) > limit:
            self.problem(
                column,
                _("The value is too long: at most %(max)s characters.") % {"max": limit},
            )
        return text

    def date(self, column: str) -> datetime.date | None:
        value = self.cell(column)
        try:
            return parse_date(value)
        except ValueError:
            self.problem(
                column,
                _('"%(value)s" is not a date. Write dates as 2026-01-31 or 31-01-2026.')
                % {"value": value},
            )
            return None

    def hours(self, column: str) -> Decimal | None:
        value = self.cell(column)
        try:
            number = parse_decimal(value)
        except ValueError:
            number = Decimal(-1)
        if number is None:
            return None
        if not (0 <= number <= 80) or number != number.quantize(Decimal("0.01")):
            self.problem(
                column,
                _(
                    '"%(value)s" is not a number of weekly hours between 0 and 80 '
                    "with at most two decimals."
                )
                % {"value": value},
            )
            return None
        return number.quantize(Decimal("0.01"))


def _data_rows(table: Table, problems: list[Problem]) -> list[Row]:
    if not table.rows:
        problems.append(Problem(0, "", _("The file has no rows below the header.")))
    return table.rows


def _chain(keys: Sequence[object], describe: Callable[[object], str]) -> str:
    return " → ".join(describe(k) for k in keys)


def _report_cycles(
    parents: dict[Any, Any],
    rows: dict[Any, int],
    column: str,
    message: Callable[[str], str],
    describe: Callable[[object], str],
    problems: list[Problem],
) -> None:
    """Report every cycle in ``parents`` on the first row of the file it passes through,
    then cut it there and look again."""
    parents = dict(parents)
    while cycle := find_cycle(parents):
        in_file = [k for k in cycle[:-1] if k in rows]
        cut = min(in_file, key=lambda k: rows[k]) if in_file else cycle[0]
        # Told from the row where it is reported: cut -> its leader -> ... -> cut.
        ring = cycle[:-1]
        start = ring.index(cut)
        ring = [*ring[start:], *ring[:start], cut]
        problems.append(Problem(rows.get(cut, 1), column, message(_chain(ring, describe))))
        parents[cut] = None


def _in_file_order(problems: list[Problem], columns: _Columns) -> list[Problem]:
    """By row, and within a row from left to right."""
    position = {columns.label[c]: i for c, i in columns.index.items()}
    return sorted(problems, key=lambda p: (p.row, position.get(p.column, -1)))


def _changed_labels(model: type[Any], fields: Iterable[str]) -> list[str]:
    names = {"unit_id": "unit", "manager_id": "manager", "parent_id": "parent"}
    names["professional_group_id"] = "professional_group"
    return [str(model._meta.get_field(names.get(f, f)).verbose_name) for f in fields]


# --- units -----------------------------------------------------------------------------


def validate_units(
    table: Table, progress: Progress = no_progress, *, by: Person | None = None
) -> Result:
    """Check every row of a units file against the file and the database (``by``, who
    imports, changes nothing here: units lead no one)."""
    problems: list[Problem] = []
    columns = _columns(table, UNIT_COLUMNS, UNIT_REQUIRED, problems)
    rows = _data_rows(table, problems)
    if problems:
        return Result(problems)
    existing = {
        code: (pk, name, parent_id)
        for code, pk, name, parent_id in OrgUnit.objects.values_list(
            "code", "pk", "name", "parent_id"
        )
    }
    code_of = {pk: code for code, (pk, _n, _p) in existing.items()}
    has_parent = "parent_code" in columns.index
    seen: dict[str, int] = {}
    parsed: list[tuple[Row, str, str, str | None]] = []
    for row in progress(rows, total=len(rows), desc=_("Checking")):
        r = _RowReader(row, columns, problems)
        code = r.text("code", required=True)
        name = r.text("name", required=True)
        parent = (r.text("parent_code") or None) if has_parent else None
        if code and code in seen:
            r.problem(
                "code",
                _("The code %(code)s is also used in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
        elif code:
            seen[code] = row.number
        if parent is not None and parent == code:
            r.problem("parent_code", _("A unit cannot be its own parent."))
        if r.ok:
            parsed.append((row, code, name, parent))
    for row, _code, _name, parent in parsed:
        if parent is not None and parent not in seen and parent not in existing:
            problems.append(
                Problem(
                    row.number,
                    columns.label["parent_code"],
                    _("No unit has the code %(code)s, neither in the file nor in Samtale.")
                    % {"code": parent},
                )
            )
    graph: dict[Any, Any] = {code: code_of.get(p) for code, (_pk, _n, p) in existing.items()}
    for _row, code, _name, parent in parsed:
        if has_parent or code not in existing:
            graph[code] = parent
    _report_cycles(
        graph,
        {code: row.number for row, code, _n, _p in parsed},
        columns.label["parent_code"],
        lambda chain: _("The units form a circle: %(chain)s.") % {"chain": chain},
        str,
        problems,
    )
    if problems:
        return Result(_in_file_order(problems, columns))

    plan = Plan(kind=UNITS, rows=len(rows), ignored_columns=columns.ignored)
    for row, code, name, parent in parsed:
        current = existing.get(code)
        if current is None:
            plan.new += 1
            plan.creates[code] = {"name": name}
            plan.parents[code] = parent
            plan.changes.append(Change(row.number, code, name, NEW))
            continue
        _pk, old_name, old_parent = current
        changed = []
        if name != old_name:
            changed.append("name")
        if has_parent and parent != code_of.get(old_parent):
            changed.append("parent_id")
        if not changed:
            plan.unchanged += 1
            continue
        plan.changed += 1
        plan.updates[code] = {"name": name}
        plan.parents[code] = parent if has_parent else code_of.get(old_parent)
        plan.changes.append(
            Change(row.number, code, name, CHANGED, _changed_labels(OrgUnit, changed))
        )
    return Result(plan=plan)


def _levels(keys: Iterable[str], parents: dict[str, Any]) -> list[list[str]]:
    """Group ``keys`` so that each key comes after its parent when that parent is among
    the keys too (the graph has no cycles; validation made sure)."""
    keys = list(keys)
    pending = set(keys)
    depth: dict[str, int] = {}
    for start in keys:
        trail: list[str] = []
        node: Any = start
        while node in pending and node not in depth:
            trail.append(node)
            node = parents.get(node)
        base = depth.get(node, -1)
        for item in reversed(trail):
            base += 1
            depth[item] = base
    levels: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for key in keys:
        levels[depth[key]].append(key)
    return levels


def _apply_units(plan: Plan, progress: Progress) -> None:
    pk_of = dict(OrgUnit.objects.values_list("code", "pk"))
    for level in _levels(plan.creates, plan.parents):
        for batch in batched(level, BATCH_SIZE):
            objs = [
                OrgUnit(
                    code=code,
                    name=plan.creates[code]["name"],
                    parent_id=pk_of.get(plan.parents[code]),  # type: ignore[arg-type]
                )
                for code in batch
            ]
            OrgUnit.objects.bulk_create(objs)
            pk_of.update(_pks(OrgUnit, "code", objs))
    updates = [
        OrgUnit(pk=pk_of[code], name=values["name"], parent_id=pk_of.get(plan.parents[code]))  # type: ignore[arg-type]
        for code, values in plan.updates.items()
    ]
    OrgUnit.objects.bulk_update(updates, ["name", "parent_id"], batch_size=BATCH_SIZE)
    services.recompute_unit_paths()


def _pks(model: type[Any], key_field: str, objs: list[Any]) -> dict[str, int]:
    """Key -> pk of freshly bulk-created objects (databases that return no ids: asked)."""
    if all(o.pk is not None for o in objs):
        return {getattr(o, key_field): o.pk for o in objs}
    keys = [getattr(o, key_field) for o in objs]
    return dict(model.objects.filter(**{f"{key_field}__in": keys}).values_list(key_field, "pk"))


# --- people ----------------------------------------------------------------------------


@dataclass
class _PersonRow:
    row: int
    number: str
    values: dict[str, Any]  # Person field -> value (only columns present in the file)
    manager: str | None  # employee number
    group: str | None


@dataclass
class _Stored:
    """The people as Samtale has them, and what a row refers to: each read in one query."""

    unit_pk: dict[str, int]
    group_pk: dict[str, int]  # lower-case name -> pk
    by_number: dict[str, dict[str, Any]]  # employee number -> stored values
    number_of: dict[int, str | None]  # pk -> employee number
    external_managers: dict[int, int | None]  # people without a number (board chairs)
    external_names: dict[int, str]
    user_of_email: dict[str, int]  # a login's lower-case e-mail -> its pk


def _stored_people() -> _Stored:
    stored = _Stored(
        unit_pk=dict(OrgUnit.objects.values_list("code", "pk")),
        group_pk={n.lower(): pk for pk, n in ProfessionalGroup.objects.values_list("pk", "name")},
        by_number={},
        number_of={},
        external_managers={},
        external_names={},
        user_of_email={
            email.lower(): pk
            for pk, email in get_user_model().objects.values_list("pk", "email")
            if email
        },
    )
    for person in Person.objects.values("pk", "employee_number", "user_id", *PERSON_FIELDS):
        stored.number_of[person["pk"]] = person["employee_number"]
        if person["employee_number"]:
            stored.by_number[person["employee_number"]] = person
        else:
            stored.external_managers[person["pk"]] = person["manager_id"]
            stored.external_names[person["pk"]] = person["name"]
    return stored


@dataclass
class _PeopleCheck:
    """What checking a people file has found so far."""

    columns: _Columns
    problems: list[Problem]
    stored: _Stored
    rows: int
    seen: dict[str, int] = field(default_factory=dict)  # employee number -> first row
    seen_email: dict[str, int] = field(default_factory=dict)
    # Employee number -> (row, leader's employee number) for every row that names one,
    # also rows with other problems, so one run reports as much as it can.
    leaders: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    parsed: list[_PersonRow] = field(default_factory=list)
    new_groups: dict[str, str] = field(default_factory=dict)
    plan: Plan | None = None
    actor: Person | None = None  # who imports (None: the command line, the HR system)

    def has(self, column: str) -> bool:
        return column in self.columns.index

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, self.columns.label[column], message))


@dataclass
class _Reading:
    """One row being read: its reader (which records the row's problems) and its values."""

    r: _RowReader
    number: str = ""
    duplicate: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # Person field -> value
    manager: str | None = None
    group: str | None = None


# --- the checks of one row, in the order the row is read ----------------------------------


def _employee_number_once(row: _Reading, check: _PeopleCheck) -> None:
    row.number = row.r.text("employee_number", required=True)
    row.duplicate = row.number in check.seen
    if row.duplicate:
        row.r.problem(
            "employee_number",
            _("The employee number %(number)s is also used in row %(row)s.")
            % {"number": row.number, "row": check.seen[row.number]},
        )
    elif row.number:
        check.seen[row.number] = row.r.row.number


def _name_given(row: _Reading, check: _PeopleCheck) -> None:
    row.values["name"] = row.r.text("name", required=True)


def _unit_exists(row: _Reading, check: _PeopleCheck) -> None:
    unit_code = row.r.text("unit_code", required=True)
    if not unit_code:
        return
    row.values["unit_id"] = check.stored.unit_pk.get(unit_code)
    if row.values["unit_id"] is None:
        row.r.problem(
            "unit_code",
            _("No unit has the code %(code)s. Import the units first.") % {"code": unit_code},
        )


def _email_valid_and_once(row: _Reading, check: _PeopleCheck) -> None:
    if not check.has("email"):
        return
    email = row.r.text("email").lower()
    row.values["email"] = email
    if not email:
        return
    try:
        validate_email(email)
    except ValidationError:
        row.r.problem(
            "email",
            _('"%(value)s" is not a valid e-mail address.') % {"value": row.r.cell("email")},
        )
        return
    if email in check.seen_email:
        row.r.problem(
            "email",
            _("The e-mail address %(email)s is also used in row %(row)s.")
            % {"email": email, "row": check.seen_email[email]},
        )
    else:
        check.seen_email[email] = row.r.row.number


def _leader_not_oneself(row: _Reading, check: _PeopleCheck) -> None:
    if not check.has("manager_employee_number"):
        return
    row.manager = row.r.text("manager_employee_number") or None
    if row.manager is not None and row.manager == row.number:
        row.r.problem("manager_employee_number", _("A person cannot be their own leader."))
        row.manager = None
    if row.number and not row.duplicate:
        check.leaders[row.number] = (row.r.row.number, row.manager)


def _job_title(row: _Reading, check: _PeopleCheck) -> None:
    if check.has("job_title"):
        row.values["job_title"] = row.r.text("job_title")


def _professional_group(row: _Reading, check: _PeopleCheck) -> None:
    if check.has("professional_group"):
        row.group = " ".join(row.r.text("professional_group").split()) or None


def _dates_in_order(row: _Reading, check: _PeopleCheck) -> None:
    for column in ("start_date", "end_date"):
        if check.has(column):
            row.values[column] = row.r.date(column)
    start, end = row.values.get("start_date"), row.values.get("end_date")
    if start and end and end < start:
        row.r.problem("end_date", _("The end date is before the start date."))


def _leave_in_order(row: _Reading, check: _PeopleCheck) -> None:
    for column in ("leave_from", "leave_until"):
        if check.has(column):
            row.values[column] = row.r.date(column)
    start, end = row.values.get("leave_from"), row.values.get("leave_until")
    if end and not start and check.has("leave_from"):
        row.r.problem("leave_from", _("Leave with a last day needs a first day too."))
    elif start and end and end < start:
        row.r.problem("leave_until", _("The leave ends before it starts."))


def _weekly_hours(row: _Reading, check: _PeopleCheck) -> None:
    if check.has("weekly_hours"):
        row.values["weekly_hours"] = row.r.hours("weekly_hours")


ROW_CHECKS: tuple[Callable[[_Reading, _PeopleCheck], None], ...] = (
    _employee_number_once,
    _name_given,
    _unit_exists,
    _email_valid_and_once,
    _leader_not_oneself,
    _job_title,
    _professional_group,
    _dates_in_order,
    _leave_in_order,
    _weekly_hours,
)


# --- the checks of the whole file, once every row is read ---------------------------------


def _leaders_exist(check: _PeopleCheck) -> None:
    """A leader is in the file or in Samtale."""
    for row, manager in check.leaders.values():
        if (
            manager is not None
            and manager not in check.seen
            and manager not in check.stored.by_number
        ):
            check.problem(
                row,
                "manager_employee_number",
                _(
                    "No person has the employee number %(number)s, "
                    "neither in the file nor in Samtale."
                )
                % {"number": manager},
            )


def _merged(p: _PersonRow, check: _PeopleCheck) -> tuple[dict[str, Any], Any]:
    """The row over what Samtale has, and the person's old leader's key. In the result
    manager_id holds a leader's employee number, or the pk (an int) of an external leader
    who is kept, or None."""
    stored = check.stored
    current = stored.by_number.get(p.number)
    merged = dict(current) if current else dict.fromkeys(PERSON_FIELDS)
    if current is None:
        merged.update(email="", job_title="")
    merged.update(p.values)
    old_manager = current["manager_id"] if current else None
    old_manager_key = (stored.number_of.get(old_manager) or old_manager) if old_manager else None
    if check.has("manager_employee_number"):
        external_kept = old_manager_key if isinstance(old_manager_key, int) else None
        merged["manager_id"] = p.manager or external_kept
    else:
        merged["manager_id"] = old_manager_key
    if check.has("professional_group"):
        if p.group is None:
            merged["professional_group_id"] = None
        else:
            pk = stored.group_pk.get(p.group.lower())
            if pk is None:
                check.new_groups.setdefault(p.group.lower(), p.group)
            merged["professional_group_id"] = pk if pk is not None else p.group
    return merged, old_manager_key


def _merged_dates_in_order(p: _PersonRow, merged: dict[str, Any], check: _PeopleCheck) -> bool:
    """Checked again on the merged person: one of the dates may be Samtale's."""
    start, end = merged["start_date"], merged["end_date"]
    if start and end and end < start:
        column = "end_date" if check.has("end_date") else "start_date"
        check.problem(p.row, column, _("The end date is before the start date."))
        return False
    leave_from, leave_until = merged["leave_from"], merged["leave_until"]
    if leave_until and (not leave_from or leave_until < leave_from):
        column = "leave_until" if check.has("leave_until") else "leave_from"
        check.problem(p.row, column, _("The leave ends before it starts."))
        return False
    return True


def _login_email_free(p: _PersonRow, merged: dict[str, Any], check: _PeopleCheck) -> bool:
    """A person with a login gets no e-mail address that is another user's login."""
    current = check.stored.by_number.get(p.number)
    user_id = current["user_id"] if current else None
    old_email = current["email"] if current else ""
    if user_id and merged["email"] and merged["email"] != old_email:
        owner = check.stored.user_of_email.get(merged["email"])
        if owner is not None and owner != user_id:
            check.problem(
                p.row,
                "email",
                _("The e-mail address %(email)s is already another user's login.")
                % {"email": merged["email"]},
            )
            return False
    return True


def _plan_the_changes(check: _PeopleCheck) -> None:
    """Each row over what Samtale has: what is new, changed, leaving or unchanged."""
    today = timezone.localdate()
    plan = check.plan = Plan(kind=PEOPLE, rows=check.rows, ignored_columns=check.columns.ignored)
    for p in check.parsed:
        merged, old_manager_key = _merged(p, check)
        if not (_merged_dates_in_order(p, merged, check) and _login_email_free(p, merged, check)):
            continue
        current = check.stored.by_number.get(p.number)
        values = {f: merged[f] for f in PERSON_FIELDS if f != "manager_id"}
        plan.parents[p.number] = merged["manager_id"]
        if current is None:
            plan.new += 1
            plan.creates[p.number] = values
            plan.changes.append(Change(p.row, p.number, values["name"], NEW))
            continue
        old = {**current, "manager_id": old_manager_key}
        changed = [f for f in PERSON_FIELDS if merged[f] != old[f]]
        if not changed:
            plan.unchanged += 1
            del plan.parents[p.number]
            continue
        leaving = (old["end_date"] is None or old["end_date"] >= today) and (
            merged["end_date"] is not None and merged["end_date"] < today
        )
        plan.updates[p.number] = {"pk": current["pk"], **values}
        plan.update_fields[p.number] = tuple(changed)
        if current["user_id"] and "email" in changed and merged["email"]:
            plan.user_emails[current["user_id"]] = merged["email"]
        if leaving:
            plan.leaving += 1
            plan.left.append(current["pk"])
        else:
            plan.changed += 1
        plan.changes.append(
            Change(
                p.row,
                p.number,
                values["name"],
                LEAVING if leaving else CHANGED,
                _changed_labels(Person, changed),
            )
        )
    plan.new_groups = sorted(check.new_groups.values(), key=str.lower)


def _leader_graphs(check: _PeopleCheck) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Everyone's nearest leader as Samtale has it, and as it will be after the file:
    keys are employee numbers, or the pks of people without one (board chairs)."""
    stored = check.stored

    def key_of(pk: int | None) -> Any:
        if pk is None:
            return None
        return stored.number_of.get(pk) or pk

    before: dict[Any, Any] = {
        number: key_of(v["manager_id"]) for number, v in stored.by_number.items()
    }
    before.update({pk: key_of(manager) for pk, manager in stored.external_managers.items()})
    after = dict(before)
    for number, (_row, manager) in check.leaders.items():
        # An empty leader cell keeps an external leader (see the module docstring).
        kept = after.get(number)
        after[number] = manager or (kept if isinstance(kept, int) else None)
    return before, after


def _line_above(graph: dict[Any, Any], key: Any) -> list[Any]:
    """The leaders above ``key`` in ``graph``, nearest first (stops at a circle, which
    ``_no_circle_of_leaders`` reports)."""
    line: list[Any] = []
    leader = graph.get(key)
    while leader is not None and leader not in line and leader != key:
        line.append(leader)
        leader = graph.get(leader)
    return line


def _no_circle_of_leaders(check: _PeopleCheck) -> None:
    """The file's leaders over those already in Samtale form no circle."""
    if not check.has("manager_employee_number"):
        return
    stored = check.stored
    _before, graph = _leader_graphs(check)
    names: dict[Any, str] = {number: v["name"] for number, v in stored.by_number.items()}
    names.update(stored.external_names)
    names.update({p.number: p.values["name"] for p in check.parsed})

    def describe(key: object) -> str:
        return f"{names.get(key, key)} ({key})" if isinstance(key, str) else names[key]

    _report_cycles(
        graph,
        {number: row for number, (row, _m) in check.leaders.items()},
        check.columns.label["manager_employee_number"],
        lambda chain: _("The leaders form a circle: %(chain)s.") % {"chain": chain},
        describe,
        check.problems,
    )


def _not_own_leader(check: _PeopleCheck) -> None:
    """Whoever imports does not make themselves anyone's leader, directly or above a
    leader in the new line (``services.makes_own_leader``, the rule in one place)."""
    if check.actor is None or not check.has("manager_employee_number"):
        return
    actor_key = check.actor.employee_number or check.actor.pk
    before, after = _leader_graphs(check)
    for number, (row, _manager) in check.leaders.items():
        if before.get(number) == after.get(number):
            continue
        if services.makes_own_leader(
            actor_key, _line_above(before, number), _line_above(after, number)
        ):
            person = next((p.values["name"] for p in check.parsed if p.number == number), number)
            services.log_refused(
                "making oneself someone's leader (import)",
                by=check.actor,
                whom=f"employee number {number}",
            )
            check.problem(
                row,
                "manager_employee_number",
                services.own_leader_message(check.actor.name, person),
            )


def _leaders_who_leave(check: _PeopleCheck) -> None:
    """A leader the file gives an end date who still leads people after the import
    (nobody in the file moves them to another leader) is named in the preview: HR
    chooses their successor once the import is done (``samtale.org.leaving``)."""
    plan, stored = check.plan, check.stored
    if plan is None or not check.has("end_date"):
        return
    ending = {
        number: plan.updates[number]["end_date"]
        for number, fields in plan.update_fields.items()
        if "end_date" in fields and plan.updates[number]["end_date"] is not None
    }
    if not ending:
        return

    def after(number: str) -> tuple[Any, datetime.date | None]:
        """The person's leader's key and end date once imported."""
        values = plan.creates.get(number) or plan.updates.get(number)
        if number in plan.parents:
            leader = plan.parents[number]
        else:
            pk = stored.by_number[number]["manager_id"]
            leader = (stored.number_of.get(pk) or pk) if pk else None
        end = values["end_date"] if values else stored.by_number[number]["end_date"]
        return leader, end

    led: dict[str, int] = dict.fromkeys(ending, 0)
    for number in stored.by_number.keys() | plan.creates.keys():
        leader, end = after(number)
        if leader in led and (end is None or end > ending[leader]):
            led[leader] += 1
    for number, count in led.items():
        if count:
            plan.successors_needed.append(
                ngettext(
                    "%(name)s leaves on %(date)s and leads %(count)s person: choose a "
                    "successor after the import.",
                    "%(name)s leaves on %(date)s and leads %(count)s people: choose a "
                    "successor after the import.",
                    count,
                )
                % {
                    "name": plan.updates[number]["name"],
                    "date": date_format(ending[number], "DATE_FORMAT"),
                    "count": count,
                }
            )


FILE_CHECKS: tuple[Callable[[_PeopleCheck], None], ...] = (
    _leaders_exist,
    _plan_the_changes,
    _no_circle_of_leaders,
    _not_own_leader,
    _leaders_who_leave,
)


def validate_people(
    table: Table, progress: Progress = no_progress, *, by: Person | None = None
) -> Result:
    """Check every row of a people file against the file and the database: each row
    through ``ROW_CHECKS``, then the file as a whole through ``FILE_CHECKS``. ``by`` is
    the person importing (the import page); the command line has none."""
    problems: list[Problem] = []
    columns = _columns(table, PEOPLE_COLUMNS, PEOPLE_REQUIRED, problems)
    rows = _data_rows(table, problems)
    if problems:
        return Result(problems)
    check = _PeopleCheck(columns, problems, _stored_people(), rows=len(rows), actor=by)
    for row in progress(rows, total=len(rows), desc=_("Checking")):
        reading = _Reading(_RowReader(row, columns, problems))
        for row_check in ROW_CHECKS:
            row_check(reading, check)
        if reading.r.ok:
            check.parsed.append(
                _PersonRow(
                    row.number, reading.number, reading.values, reading.manager, reading.group
                )
            )
    for file_check in FILE_CHECKS:
        file_check(check)
    if problems:
        return Result(_in_file_order(problems, columns))
    return Result(plan=check.plan)


def _apply_people(plan: Plan, progress: Progress, source: str) -> None:
    if plan.new_groups:
        ProfessionalGroup.objects.bulk_create([ProfessionalGroup(name=n) for n in plan.new_groups])
    group_pk = {n.lower(): pk for pk, n in ProfessionalGroup.objects.values_list("pk", "name")}
    pk_of: dict[str, int] = {
        number: pk
        for number, pk in Person.objects.values_list("employee_number", "pk")
        if number is not None
    }

    def resolve(values: dict[str, Any]) -> dict[str, Any]:
        group = values["professional_group_id"]
        if isinstance(group, str):
            values = {**values, "professional_group_id": group_pk[group.lower()]}
        return values

    def manager_pk(number: str) -> int | None:
        parent = plan.parents.get(number)
        return parent if isinstance(parent, int) or parent is None else pk_of[parent]

    # New people in levels: each leader is written before the people they lead.
    levels = _levels(plan.creates, {k: v for k, v in plan.parents.items() if isinstance(v, str)})
    batches = [list(b) for level in levels for b in batched(level, BATCH_SIZE)]
    for batch in progress(batches, total=len(batches), desc=_("Creating")):
        objs = [
            Person(
                employee_number=number,
                manager_id=manager_pk(number),
                **resolve(plan.creates[number]),
            )
            for number in batch
        ]
        Person.objects.bulk_create(objs)
        pk_of.update(_pks(Person, "employee_number", objs))

    # Updates grouped by the fields they change: an UPDATE sets only those.
    by_fields: dict[tuple[str, ...], list[Person]] = {}
    moved: list[Person] = []  # people whose nearest leader changes: kept as LeaderChange
    for number, values in plan.updates.items():
        person = Person(manager_id=manager_pk(number), **resolve(values))
        fields = plan.update_fields[number]
        by_fields.setdefault(fields, []).append(person)
        if "manager" in fields or "manager_id" in fields:
            moved.append(person)
    _keep_leader_changes(moved, source)
    update_batches = [
        (fields, list(b))
        for fields, people in by_fields.items()
        for b in batched(people, BATCH_SIZE)
    ]
    for fields, people in (
        progress(update_batches, total=len(update_batches), desc=_("Updating"))
        if update_batches
        else ()
    ):
        Person.objects.bulk_update(people, list(fields))

    if plan.left:  # their sessions end now (samtale.access.leavers)
        signals.people_left.send(Person, person_ids=plan.left)
    if plan.user_emails:
        User = get_user_model()
        users = [User(pk=pk, email=email) for pk, email in plan.user_emails.items()]
        User.objects.bulk_update(users, ["email"], batch_size=BATCH_SIZE)
    services.recompute_line_paths()


def _keep_leader_changes(moved: list[Person], source: str) -> None:
    """A ``LeaderChange`` for each person whose stored leader differs from the new one
    (read before the update, in batches), written in bulk."""
    changes: list[LeaderChange] = []
    for batch in batched(moved, BATCH_SIZE):
        stored = dict(
            Person.objects.filter(pk__in=[p.pk for p in batch]).values_list("pk", "manager_id")
        )
        changes.extend(
            LeaderChange(
                person_id=p.pk,
                previous_id=stored.get(p.pk),
                leader_id=p.manager_id,
                source=source,
            )
            for p in batch
            if stored.get(p.pk) != p.manager_id
        )
    LeaderChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)


# --- entry points ----------------------------------------------------------------------


class Validator(Protocol):
    def __call__(
        self, table: Table, progress: Progress = ..., *, by: Person | None = None
    ) -> Result: ...


VALIDATORS: dict[str, Validator] = {
    UNITS: validate_units,
    PEOPLE: validate_people,
}


@transaction.atomic
def apply_plan(
    plan: Plan, progress: Progress = no_progress, *, source: str = LeaderChange.Source.IMPORT
) -> None:
    """Write a validated plan: create, update, then recompute the paths once. ``source``
    is what the changes of leader are kept as (the file import, or SCIM)."""
    if plan.kind == UNITS:
        _apply_units(plan, progress)
    else:
        _apply_people(plan, progress, source)
    headcount.changed()  # bulk writes send no signals


def import_table(
    kind: str,
    table: Table,
    *,
    dry_run: bool = False,
    progress: Progress = no_progress,
    by: Person | None = None,
    source: str = LeaderChange.Source.IMPORT,
) -> Result:
    """Validate ``table`` as ``kind`` (units or people) and, unless ``dry_run`` or a
    problem was found, apply it, all in one transaction. ``by``: the person importing
    (the import page), who may not make themselves anyone's leader; None on the command
    line (the HR system's file). SCIM writes one person through here too
    (``samtale.scim.services``), so both follow the same rules."""
    with transaction.atomic():
        result = VALIDATORS[kind](table, progress, by=by)
        if result.plan is not None and not dry_run and result.plan.has_changes:
            apply_plan(result.plan, progress, source=source)
            result.applied = True
        return result
