"""Reads of rounds that know the viewer (the rules are ``samtale.rounds.policy``'s, said
here as SQL), and what the round's pages show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation, ConversationKind
from samtale.lib.paths import SEP, ids_in_path
from samtale.lib.prepared import Prepared
from samtale.org.models import OrgUnit, Team
from samtale.org.policy import NOTHING, subtree_q
from samtale.questionnaires.models import QuestionnaireVersion, VersionStatus
from samtale.rounds import policy
from samtale.rounds.models import (
    Agreement,
    FormVariant,
    RepresentativeRole,
    Round,
    RoundComment,
    RoundConversation,
    RoundEvent,
    RoundKind,
    RoundState,
    SignOff,
    Slot,
    StrategicGoal,
    TeamChoice,
    Theme,
)
from samtale.rounds.policy import PUBLIC

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer


def _ancestor_paths(path: str) -> list[str]:
    ids = ids_in_path(path)
    return [SEP + SEP.join(str(i) for i in ids[: n + 1]) + SEP for n in range(len(ids))]


def meets_q(scopes: tuple[str, ...] | list[str], field: str = "units__path") -> Q:
    """Rows whose ``field`` (a unit path) lies inside one of ``scopes`` or above it
    (policy.meets); by default, rounds with such a unit."""
    scopes = [s for s in scopes if s]
    if not scopes:
        return NOTHING
    above = {p for s in scopes for p in _ancestor_paths(s)}
    return subtree_q(field, scopes) | Q(**{f"{field}__in": sorted(above)})


def rounds_for(viewer: Viewer) -> QuerySet[Round]:
    """The rounds the viewer may see (policy.can_see), newest first."""
    rounds = Round.objects.all()
    if viewer.is_admin:
        return rounds
    q = meets_q((*viewer.hr_paths, *viewer.tr_paths, *viewer.amr_paths))
    me = viewer.person
    if me is not None:
        public = Q(state__in=PUBLIC)
        if viewer.leads_anyone:
            q |= public
        elif me.unit is not None:
            q |= public & Q(units__path__in=_ancestor_paths(me.unit.path))
    return (
        rounds.filter(pk__in=Round.objects.filter(q).values("pk"))
        if q != NOTHING
        else rounds.none()
    )


def round_for(viewer: Viewer, pk: int) -> Round:
    """The round with this id, with its units, if the viewer may see it; 404 otherwise.
    The one way pages fetch a round (two queries)."""
    found = rounds_for(viewer).prefetch_related("units").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def sees_rounds(viewer: Viewer) -> bool:
    """Whether the main menu offers "MUS-runder": to HR, TR, AMR and administrators, and
    to anyone in a round that has been announced (a query only for them)."""
    if viewer.is_admin or viewer.hr_paths or viewer.tr_paths or viewer.amr_paths:
        return True
    if viewer.person is None:
        return False
    # Asked on every page: the answer is kept in the cache for a few minutes, under the
    # rounds' version (counted up when a round is announced, closed or changes units).
    key = f"samtale:sees-rounds:{rounds_version()}:{viewer.person.pk}"
    found = cache.get(key)
    if found is None:
        found = rounds_for(viewer).exists()
        cache.set(key, found, SEES_ROUNDS_SECONDS)
    return bool(found)


SEES_ROUNDS_SECONDS = 300
_VERSION_KEY = "samtale:rounds-version"


def rounds_version() -> int:
    return int(cache.get(_VERSION_KEY) or 0)


def rounds_changed() -> None:
    """Who is in which announced round changed: forget the menu's answers (in this
    cache; another process's local cache forgets them within SEES_ROUNDS_SECONDS)."""
    cache.set(_VERSION_KEY, rounds_version() + 1, None)


def line_q(viewer: Viewer, prefix: str = "conversation__") -> Q:
    """Conversations held by the viewer or by the leaders below them in the line
    (``policy.sees_people_of`` as SQL; a board chair: only their own). ``prefix`` leads
    from the rows asked (a round's links) to the conversation."""
    me = viewer.person
    if me is None:
        return NOTHING
    q = Q(**{f"{prefix}leader_id": me.pk})
    if not me.is_external and me.line_path:
        q |= Q(**{f"{prefix}leader__line_path__startswith": me.line_path})
    return q


def sees_progress(viewer: Viewer, round_: Round) -> bool:
    """Whether the round's progress page has something for the viewer (its link on the
    round's pages): ``policy.progress_view``, and for a leader a conversation of their
    line in the round (one query, only for them)."""
    view = policy.progress_view(viewer, round_)
    if view != policy.LED:
        return view is not None
    return RoundConversation.objects.filter(round=round_).filter(line_q(viewer)).exists()


# --- what a round's page shows -------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """The round's terms as its page shows them (what TR and AMR agree to)."""

    kinds: list[RoundKind]
    variants: list[FormVariant]
    themes: list[Theme]
    grus_teams: list[TeamChoice]


def terms_of(round_: Round) -> Terms:
    """Five queries, whatever the number of kinds, themes, goals and teams."""
    version = "questionnaire_version__questionnaire"
    return Terms(
        kinds=list(
            round_.round_kinds.select_related("kind", version).order_by("kind__order", "kind__pk")
        ),
        variants=list(
            round_.form_variants.select_related("kind", "unit", version).order_by(
                "kind__order", "unit__path"
            )
        ),
        themes=list(
            round_.themes.prefetch_related(
                Prefetch("goals", queryset=StrategicGoal.objects.select_related("unit"))
            )
        ),
        grus_teams=grus_teams(round_),
    )


def _themes_and_goals(round_id: int) -> QuerySet[Theme]:
    """A row per theme and strategic goal it serves (the goal's title in ``goal_title``;
    one row with None for a theme that serves none): the goals joined to the themes
    (outer joins), in the themes' order and each theme's goals in theirs."""
    return (
        Theme.objects.filter(round_id=round_id)
        .annotate(goal_title=F("goals__title"))
        .order_by("order", "pk", "goals__unit__path", "goals__order", "goals__pk")
    )


# Asked on every page of a round's conversation: compiled once per process.
_themes_and_goals_of = Prepared(_themes_and_goals)


def themes_with_goals(round_: Round) -> list[Theme]:
    """The round's themes in their order, each with the titles of the strategic goals it
    serves (``goal_titles``, in the goals' order; retired goals too, as the round agreed
    them): one query, read as it is now (no copy kept)."""
    themes: dict[int, Theme] = {}
    rows: list[Any] = _themes_and_goals_of(round_.pk)  # Themes, each with ``goal_title``
    for row in rows:
        theme = themes.setdefault(row.pk, row)
        if theme is row:
            theme.goal_titles = []
        if row.goal_title is not None:
            theme.goal_titles.append(row.goal_title)
    return list(themes.values())


def grus_teams(round_: Round) -> list[TeamChoice]:
    """The teams holding GRUS instead of MUS in the round, with their units and leaders."""
    return list(
        round_.team_choices.select_related("team__unit", "team__leader").order_by("team__name")
    )


@dataclass(frozen=True)
class AgreementState:
    """Where the agreement with TR and AMR stands, for the round's page."""

    agreement: Agreement | None
    signed: list[SignOff]  # on the current revision
    earlier: list[SignOff]  # on an earlier revision: no longer counting
    comments: list[RoundComment]
    events: list[RoundEvent]

    @property
    def overrides(self) -> list[RoundEvent]:
        return [e for e in self.events if e.action == "override"]

    @property
    def missing(self) -> list[str]:
        """The roles (TR, AMR) that have not signed the current revision."""
        signed = {s.role for s in self.signed}
        return [r for r in RepresentativeRole.values if r not in signed]


def agreement_of(round_: Round) -> AgreementState:
    """Four queries."""
    sign_offs = list(round_.sign_offs.select_related("person"))
    return AgreementState(
        agreement=Agreement.objects.select_related("recorded_by").filter(round=round_).first(),
        signed=[s for s in sign_offs if s.revision == round_.revision],
        earlier=[s for s in sign_offs if s.revision != round_.revision],
        comments=list(round_.comments.select_related("author")),
        events=list(round_.events.select_related("by")),
    )


# --- choices on the round's forms ----------------------------------------------------------


def plannable_units(viewer: Viewer) -> QuerySet[OrgUnit]:
    """The units the viewer may plan a round for (policy.can_plan_for), as a tree."""
    units = OrgUnit.objects.order_by("path")
    return units if viewer.is_admin else units.filter(subtree_q("path", viewer.hr_paths))


def units_in(round_: Round) -> QuerySet[OrgUnit]:
    """The round's units and every unit below them, as a tree."""
    return OrgUnit.objects.filter(subtree_q("path", policy.scope_paths(round_))).order_by("path")


def teams_in(round_: Round) -> QuerySet[Team]:
    return (
        Team.objects.filter(subtree_q("unit__path", policy.scope_paths(round_)))
        .select_related("unit")
        .order_by("name", "pk")
    )


def goals_for_round(round_: Round) -> QuerySet[StrategicGoal]:
    """The goals a theme of the round may link to: not retired, of the round's units, the
    units above them or below (services.add_theme checks the same)."""
    return (
        StrategicGoal.objects.filter(retired_at__isnull=True)
        .filter(meets_q(policy.scope_paths(round_), field="unit__path"))
        .select_related("unit")
    )


def forms_for(kind: ConversationKind) -> QuerySet[QuestionnaireVersion]:
    """The published forms a round may use for ``kind``, newest first."""
    return (
        QuestionnaireVersion.objects.filter(
            status=VersionStatus.PUBLISHED, questionnaire__family=kind.questionnaire_family
        )
        .select_related("questionnaire")
        .order_by("questionnaire__name", "-number")
    )


def round_kinds() -> QuerySet[ConversationKind]:
    """The kinds a round may include: the mandatory ones (services.set_kind)."""
    return ConversationKind.objects.filter(mandatory=True).order_by("order", "code")


# --- strategic goals --------------------------------------------------------------------


def goals_for(viewer: Viewer) -> QuerySet[StrategicGoal]:
    """The goals HR sees: of the units in its scope (which it keeps) and of the units
    above them (the organisation's, the forvaltning's); an administrator sees all."""
    goals = StrategicGoal.objects.select_related("unit")
    if viewer.is_admin:
        return goals
    return goals.filter(meets_q(viewer.hr_paths, field="unit__path"))


def goal_for(viewer: Viewer, pk: int) -> StrategicGoal:
    """A goal the viewer keeps (policy.can_manage_goals); 404 otherwise."""
    goal = StrategicGoal.objects.select_related("unit").filter(pk=pk).first()
    if goal is None or not policy.can_manage_goals(viewer, goal.unit):
        raise Http404
    return goal


# --- booking: the leader's offered times, the employee's free ones -----------------------


def offered_by(viewer: Viewer, round_: Round) -> list[Slot]:
    """The times the viewer offers in the round, with the conversation booked in each
    (its person or team and kind: one query). The template names who booked only when
    the conversation is still the viewer's own (``booked_by_own``)."""
    if viewer.person is None:
        return []
    return list(
        Slot.objects.filter(round=round_, leader=viewer.person).select_related(
            "conversation__person", "conversation__team", "conversation__kind"
        )
    )


def without_time(viewer: Viewer, round_: Round) -> QuerySet[Conversation]:
    """The viewer's conversations in the round as leader that are planned and have no
    time yet: those the leader may give an offered time."""
    if viewer.person is None:
        return Conversation.objects.none()
    return (
        Conversation.objects.filter(
            round_link__round=round_, leader=viewer.person, state=State.PLANNED
        )
        .select_related("person", "team", "kind")
        .order_by("person__name", "team__name", "pk")
    )


def waiting_for_time(viewer: Viewer, round_: Round) -> QuerySet[Conversation]:
    """The viewer's own conversations in the announced round that wait for a time they
    may book (they are the person it is with and it is planned:
    ``conversations.policy.can_book``)."""
    if viewer.person is None or round_.state != RoundState.ANNOUNCED:
        return Conversation.objects.none()
    return Conversation.objects.filter(
        round_link__round=round_, person=viewer.person, state=State.PLANNED
    )


@dataclass(frozen=True)
class Bookable:
    """A conversation of the viewer's that waits for a time, and its leader's free
    times in the round, earliest first."""

    conversation: Conversation
    slots: list[Slot]


def bookable_for(viewer: Viewer, round_: Round) -> list[Bookable]:
    """The viewer's conversations in the round that they may book a time for (they are
    the person it is with, it is planned: ``conversations.policy.can_book``), each with
    the free times its leader offers from now on. Two queries, whatever the number."""
    conversations = list(
        waiting_for_time(viewer, round_)
        .select_related("kind", "leader")
        .order_by("kind__order", "pk")
    )
    if not conversations:
        return []
    free: dict[int, list[Slot]] = {}
    for slot in Slot.objects.filter(
        round=round_,
        leader__in=[c.leader_id for c in conversations],
        conversation__isnull=True,
        starts_at__gte=timezone.now(),
    ):
        free.setdefault(slot.leader_id, []).append(slot)
    return [Bookable(c, free.get(c.leader_id, [])) for c in conversations]
