"""A leader who leaves hands over to a successor, so that nothing they led is left
without a leader (issue 12 §3).

HR for the leader's unit (or an administrator) picks the successor on the handover page
(``leaving_views``): a person with a nearest-leader role in the unit, or anyone HR
chooses. ``hand_over`` then moves, in one transaction:

- the people the leaver leads: their nearest leader becomes the successor
  (``services.set_manager``, which keeps the ``LeaderChange``, so the leaver keeps
  reading their plans for ``SAMTALE_PLAN_HANDOVER_DAYS`` as after any change of leader);
  a successor who is led by the leaver is first moved under the leaver's own leader;
- the teams the leaver leads;
- whatever the apps above registered (``register``): the open conversations the leaver
  holds (``samtale.conversations.leaving``), the follow-ups asked of them
  (``samtale.conversations.followups.leaving``), and so on;

HR who hands over does not become anyone's leader by it (``services.check_not_own_leader``
and ``check_not_own_team_leader``: not the successor of people they did not lead);
records who did it and why (``LeaderHandover``) and tells the successor and the people
who moved by e-mail (``emails.send_handover``).

``leaving_leaders(viewer)`` is HR's to-do: leaders with an end date who still lead
someone or hold open work; ``needs_handover(person)`` asks the same of one person, and
``with_open_work(people)`` says what each holds. All three read what a leader holds from
one place (``_held``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from samtale.org import emails, headcount, policy, services
from samtale.org.models import LeaderChange, LeaderHandover, Person, Team

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer


@dataclass(frozen=True)
class OpenWork:
    """Something a leader holds that a higher app keeps, handed over with the people.

    - ``waiting(leader)``: the items this leader still holds, as a queryset filtered on
      the leader (an ``OuterRef`` to a person's pk); None: it moves with the people
      (plans). HR's to-do asks it for every person with an end date, so it should be
      answered from an index on the leader (``leaving_leaders``).
    - ``items(leaver)``: what the handover page lists (each item's ``str`` is shown;
      no content), read in one query;
    - ``hand_over(leaver, successor, by)``: move every item to the successor (inside
      ``hand_over``'s transaction); returns how many moved. It may raise
      ``ValidationError`` when the successor cannot take an item.
    """

    name: str
    heading: str | Promise
    waiting: Callable[[Any], QuerySet[Any]] | None
    items: Callable[[Person], list[Any]]
    hand_over: Callable[[Person, Person, Any], int]  # (leaver, successor, by: the viewer)


_WORK: dict[str, OpenWork] = {}


def register(work: OpenWork) -> None:
    _WORK[work.name] = work


def registered() -> list[OpenWork]:
    return list(_WORK.values())


def _held(leader: Any) -> dict[str, QuerySet[Any]]:
    """What a leader (an ``OuterRef`` to a person's pk) still holds, by flag name: the
    active people they lead, their teams, and each registered kind of waiting work. The
    one place that says what keeps a leader who leaves on HR's to-do."""
    held: dict[str, QuerySet[Any]] = {
        "leads_people": Person.objects.active().filter(manager=leader),
        "leads_teams": Team.objects.filter(leader=leader),
    }
    for work in _WORK.values():
        if work.waiting is not None:
            held[f"holds_{work.name}"] = work.waiting(leader)
    return held


def _holds_any() -> Exists:
    """Does the person (the outer query's row) still hold anything of ``_held``?

    One ``EXISTS`` over a ``UNION ALL`` of the kinds, not an ``OR`` of an ``EXISTS`` per
    kind: PostgreSQL answered that ``OR`` for HR's to-do by hashing each kind whole (every
    active person's leader, every open conversation's leader): 22-25 ms at 50,000 people
    and 52,000 conversations. It can neither hash nor flatten an ``EXISTS`` over a set
    operation, so it runs this one for each person the outer query keeps (those with an
    end date): the branches in turn, each an index probe on the leader, stopping at the
    first row (7 ms for the bench database's 2,018 people with an end date)."""
    kinds = [held.values("pk") for held in _held(OuterRef("pk")).values()]
    return Exists(kinds[0].union(*kinds[1:], all=True))


def with_open_work(people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` with ``leads_people``, ``leads_teams`` and ``holds_<work>`` for each
    registered kind of work: in the same query (an ``EXISTS`` each; meant for a few
    people, such as one leaver's handover page)."""
    return people.annotate(**{name: Exists(held) for name, held in _held(OuterRef("pk")).items()})


def leaving_leaders(viewer: Viewer) -> QuerySet[Person]:
    """HR's to-do, "Leaders who leave": people with an end date in the viewer's HR scope
    (everyone for an administrator) who still lead someone, a team, or hold open work
    (``_holds_any``), with their unit, by end date, name and pk. One query; its cost
    grows with the people with an end date (a few index probes each; for a small scope
    only those in it, as the planner chooses), not with the organisation or its
    conversations. Without the flags of
    ``with_open_work``."""
    if not (viewer.is_admin or viewer.hr_paths):
        return Person.objects.none()
    people = Person.objects.filter(end_date__isnull=False)
    if not viewer.is_admin:
        people = people.filter(policy.subtree_q("unit__path", viewer.hr_paths))
    return people.filter(_holds_any()).select_related("unit").order_by("end_date", "name", "pk")


def needs_handover(person: Person) -> bool:
    """Has an end date and still leads someone or holds open work. One query."""
    if person.end_date is None:
        return False
    return Person.objects.filter(pk=person.pk).filter(_holds_any()).exists()


def successor_choices(leaver: Person) -> QuerySet[Person]:
    """Whom the page offers first: active people in the leaver's unit (and the units
    below it) who lead someone, and the leaver's own leader; not the leaver."""
    q = Q(pk=leaver.manager_id) if leaver.manager_id else Q(pk__in=[])
    if leaver.unit is not None:
        q |= Q(unit__path__startswith=leaver.unit.path) & Q(
            Exists(Person.objects.active().filter(manager=OuterRef("pk")))
        )
    return Person.objects.active().filter(q).exclude(pk=leaver.pk).select_related("unit")


@transaction.atomic
def hand_over(leaver: Person, successor: Person, *, by: Viewer, reason: str) -> LeaderHandover:
    """Move everything the leaver leads to the successor (see the module's text)."""
    if not policy.can_hand_over_leader(by, leaver):
        raise PermissionDenied(_("Only HR for the leader's unit hands their people over."))
    leaver = Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=leaver.pk)
    successor = Person.objects.select_related("unit").get(pk=successor.pk)
    if leaver.end_date is None:
        raise ValidationError(_("%(name)s has no end date.") % {"name": leaver.name})
    if successor.pk == leaver.pk:
        raise ValidationError(_("Choose someone else than the leader who leaves."))
    if not successor.is_active_on(leaver.end_date + datetime.timedelta(days=1)):
        raise ValidationError(
            _("%(name)s leaves too and cannot take over.") % {"name": successor.name}
        )
    if not reason.strip():
        raise ValidationError(_("Write why this successor was chosen."))
    actor = by.person  # HR who hands over does not make themselves anyone's leader by it
    if leaver.line_path and successor.line_path.startswith(leaver.line_path):
        # Led by the leaver (a deputy): moves under the leaver's own leader first.
        services.set_manager(
            successor, leaver.manager, by=actor, source=LeaderChange.Source.HANDOVER
        )
    people = list(Person.objects.active().filter(manager=leaver).order_by("name", "pk"))
    for person in people:
        services.check_not_own_leader(person, successor, by=actor)
    for team in Team.objects.filter(leader=leaver).prefetch_related("members"):
        services.check_not_own_team_leader(team, successor, team.members.all(), by=actor)
    moved = {work.name: work.hand_over(leaver, successor, by) for work in _WORK.values()}
    for person in people:
        services.set_manager(person, successor, by=actor, source=LeaderChange.Source.HANDOVER)
    teams = list(Team.objects.filter(leader=leaver))
    Team.objects.filter(leader=leaver).update(leader=successor)
    headcount.changed()  # a bulk update sends no signal
    moved["teams"] = len(teams)
    user = getattr(by, "user", None)
    user = user if getattr(user, "pk", None) is not None else None
    handover = LeaderHandover.objects.create(
        leaver=leaver,
        successor=successor,
        by=user,
        by_name=by.person.name if by.person is not None else str(user or ""),
        reason=reason.strip(),
        people=len(people),
        moved=moved,
    )
    emails.send_handover(handover, people=people, teams=teams)
    return handover


def taker(leaver: Person, successor: Person, *, takes_part: bool, what: str) -> Person:
    """Who takes one piece of the leaver's open work (``what``, named in the refusal):
    the successor, unless they take part in it themself (their own MUS with the leaver,
    the follow-up they asked for): then the leaver's own leader. ``ValidationError``
    when there is none to take it (or it is the successor)."""
    if not takes_part:
        return successor
    if leaver.manager is None or leaver.manager.pk == successor.pk:
        raise ValidationError(
            _(
                "%(successor)s takes part in %(what)s and cannot hold it; %(leaver)s has no "
                "leader of their own to take it."
            )
            % {"successor": successor.name, "what": what, "leaver": leaver.name}
        )
    return leaver.manager


def handovers_of(leaver: Person) -> QuerySet[LeaderHandover]:
    """What was handed over from the leader, newest first (who, when, why)."""
    return LeaderHandover.objects.filter(leaver=leaver).select_related("successor")
