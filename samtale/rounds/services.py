"""Changes to strategic goals, rounds, their agreement with TR and AMR, and the rules per
unit. Views, commands, the demo and tests call these; nobody else saves these models.
Each takes the actor as ``by`` (a viewer) and asks ``samtale.rounds.policy`` again
inside its transaction; a refusal is ``PermissionDenied``, bad input ``ValidationError``.

What the representatives agree to is the round's *terms*: its units, kinds and forms,
themes, the teams holding GRUS instead of MUS, and its timeline. Every change to the
terms counts the round's revision up, so a sign-off given earlier no longer counts, and
an agreed round becomes a draft again (its agreement is dropped and the step logged).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation, ConversationKind
from samtale.conversations.services import allow
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Team
from samtale.questionnaires.models import QuestionnaireVersion, VersionStatus
from samtale.questionnaires.queries import latest_published
from samtale.rounds import launch, launching, policy, queries
from samtale.rounds.models import (
    AgreedHow,
    Agreement,
    FormVariant,
    RepresentativeRole,
    Round,
    RoundComment,
    RoundConversation,
    RoundEvent,
    RoundKind,
    RoundLaunch,
    RoundState,
    Rule,
    SignOff,
    StrategicGoal,
    TeamChoice,
    Theme,
    UnitRule,
    first_quarter,
)

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def _record(round_: Round, action: str, by: Viewer | None, note: str = "") -> None:
    RoundEvent.objects.create(
        round=round_, action=action, by=by.person if by else None, note=note[:5000]
    )


def _text(value: str, field: str, message: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError({field: message})
    return value


def _locked(round_: Round) -> Round:
    """The round, read again under a row lock: two changes at once apply one after the
    other, and the revision counts each."""
    return Round.objects.select_for_update().get(pk=round_.pk)


# --- strategic goals ------------------------------------------------------------------


@transaction.atomic
def add_goal(unit: OrgUnit, *, by: Viewer, title: str, description: str = "") -> StrategicGoal:
    allow(policy.can_manage_goals(by, unit))
    title = _text(title, "title", _("Write the goal."))
    last = StrategicGoal.objects.filter(unit=unit).aggregate(last=Max("order"))["last"]
    return StrategicGoal.objects.create(
        unit=unit, title=title, description=description.strip(), order=(last or 0) + 1
    )


@transaction.atomic
def change_goal(
    goal: StrategicGoal, *, by: Viewer, title: str, description: str = ""
) -> StrategicGoal:
    allow(policy.can_manage_goals(by, goal.unit))
    goal.title = _text(title, "title", _("Write the goal."))
    goal.description = description.strip()
    goal.save(update_fields=["title", "description"])
    return goal


@transaction.atomic
def retire_goal(goal: StrategicGoal, *, by: Viewer) -> StrategicGoal:
    """A retired goal is offered for no new theme; earlier rounds keep their links."""
    allow(policy.can_manage_goals(by, goal.unit))
    if goal.retired_at is None:
        goal.retired_at = timezone.now()
        goal.save(update_fields=["retired_at"])
    return goal


# --- the round --------------------------------------------------------------------------


def default_kinds() -> list[ConversationKind]:
    """The mandatory kinds (MUS, GRUS, LUS as shipped): what a round includes unless HR
    chooses otherwise. En-til-en is voluntary and belongs to no round."""
    return list(ConversationKind.objects.filter(mandatory=True).order_by("order", "code"))


def _check_version(kind: ConversationKind, version: QuestionnaireVersion | None) -> None:
    if version is None:
        return
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published form can be used in a round."))
    if version.questionnaire.family != kind.questionnaire_family:
        raise ValidationError(
            _("The form %(form)s is not a form for %(kind)s.")
            % {"form": version.questionnaire, "kind": kind}
        )


@transaction.atomic
def create_round(
    *,
    by: Viewer,
    name: str,
    year: int,
    units: Iterable[OrgUnit],
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    kinds: Iterable[ConversationKind] | None = None,
) -> Round:
    """A draft round over ``units`` (each with the units below it). The period defaults to
    the year's first quarter, the kinds to the mandatory ones, each with the newest
    published Danish form of its family."""
    units = list(units)
    allow(policy.can_plan_rounds(by))
    if not units:
        raise ValidationError({"units": _("Choose the units the round is for.")})
    allow(
        policy.can_plan_for(by, units),
        _("You can plan a round only for units in your own HR scope."),
    )
    default_start, default_end = first_quarter(year)
    round_ = Round(
        name=_text(name, "name", _("Give the round a name.")),
        year=year,
        starts_on=starts_on or default_start,
        ends_on=ends_on or default_end,
        created_by=by.person,
    )
    round_.full_clean()
    round_.save()
    round_.units.set(units)
    for kind in default_kinds() if kinds is None else kinds:
        RoundKind.objects.create(
            round=round_,
            kind=kind,
            questionnaire_version=latest_published(kind.questionnaire_family),
        )
    _record(round_, "created", by)
    return round_


def _terms_changed(round_: Round, by: Viewer, what: str) -> None:
    """Count the revision up; an agreed round becomes a draft again."""
    round_.revision += 1
    fields = ["revision"]
    if round_.state == RoundState.AGREED:
        round_.state = RoundState.DRAFT
        fields.append("state")
        Agreement.objects.filter(round=round_).delete()
        _record(round_, "agreement_dropped", by, what)
    round_.save(update_fields=fields)


TIMELINE_FIELDS = ("starts_on", "ends_on", "invitations_by", "held_by")
OTHER_FIELDS = ("name", "information", "min_months_employed", "min_weekly_hours")


@transaction.atomic
def change_round(round_: Round, *, by: Viewer, **fields: Any) -> Round:
    """Change the name, information, eligibility or timeline. The timeline is part of
    what is agreed; the rest is not."""
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    unknown = set(fields) - set(TIMELINE_FIELDS) - set(OTHER_FIELDS)
    if unknown:
        raise TypeError(f"change_round() got unexpected fields: {sorted(unknown)}")
    timeline_changed = any(getattr(round_, f) != fields[f] for f in TIMELINE_FIELDS if f in fields)
    for name, value in fields.items():
        setattr(round_, name, value)
    if "name" in fields:
        round_.name = _text(round_.name, "name", _("Give the round a name."))
    round_.full_clean(exclude=["units"])
    round_.save()
    if timeline_changed:
        _terms_changed(round_, by, _("The timeline was changed."))
    _record(round_, "changed", by)
    return round_


@transaction.atomic
def set_units(round_: Round, *, by: Viewer, units: Iterable[OrgUnit]) -> Round:
    units = list(units)
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    if not units:
        raise ValidationError({"units": _("Choose the units the round is for.")})
    allow(
        policy.can_plan_for(by, units),
        _("You can plan a round only for units in your own HR scope."),
    )
    if {u.pk for u in units} != set(round_.units.values_list("pk", flat=True)):
        round_.units.set(units)
        _terms_changed(round_, by, _("The units were changed."))
        queries.rounds_changed()
    return round_


@transaction.atomic
def set_kind(
    round_: Round,
    *,
    by: Viewer,
    kind: ConversationKind,
    included: bool = True,
    version: QuestionnaireVersion | None = None,
    preparation_minutes: int | None = None,
) -> Round:
    """Include a kind (with its form version) in the round, or leave it out. The
    preparation time per participant (None: leave it) is the closing report's estimate,
    not part of what is agreed: changing it alone keeps the revision."""
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    if not included:
        deleted, _rows = RoundKind.objects.filter(round=round_, kind=kind).delete()
        FormVariant.objects.filter(round=round_, kind=kind).delete()
        if deleted:
            _terms_changed(round_, by, _("A kind of conversation was left out."))
        return round_
    if not kind.mandatory:
        raise ValidationError(
            _("%(kind)s is voluntary and held any time: it belongs to no round.") % {"kind": kind}
        )
    _check_version(kind, version)
    existing = RoundKind.objects.filter(round=round_, kind=kind).first()
    preparation = (
        {} if preparation_minutes is None else {"preparation_minutes": preparation_minutes}
    )
    if existing is not None and existing.questionnaire_version_id == (version and version.pk):
        if preparation_minutes is not None and existing.preparation_minutes != preparation_minutes:
            existing.preparation_minutes = preparation_minutes
            existing.save(update_fields=["preparation_minutes"])
        return round_
    RoundKind.objects.update_or_create(
        round=round_, kind=kind, defaults={"questionnaire_version": version, **preparation}
    )
    _terms_changed(round_, by, _("The kinds or their forms were changed."))
    return round_


@transaction.atomic
def set_form_variant(
    round_: Round,
    *,
    by: Viewer,
    kind: ConversationKind,
    unit: OrgUnit,
    version: QuestionnaireVersion | None,
) -> Round:
    """A unit's own form for a kind in this round (None: the round's form again)."""
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    if not RoundKind.objects.filter(round=round_, kind=kind).exists():
        raise ValidationError(_("The round does not include %(kind)s.") % {"kind": kind})
    if not policy.within(unit.path, policy.scope_paths(round_)):
        raise ValidationError(_("%(unit)s is not in the round.") % {"unit": unit})
    if version is None:
        deleted, _rows = FormVariant.objects.filter(round=round_, kind=kind, unit=unit).delete()
        if not deleted:
            return round_
    else:
        _check_version(kind, version)
        FormVariant.objects.update_or_create(
            round=round_, kind=kind, unit=unit, defaults={"questionnaire_version": version}
        )
    _terms_changed(round_, by, _("The kinds or their forms were changed."))
    return round_


@transaction.atomic
def add_theme(
    round_: Round,
    *,
    by: Viewer,
    title: str,
    description: str = "",
    goals: Iterable[StrategicGoal] = (),
) -> Theme:
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    goals = list(goals)
    _check_goals(round_, goals)
    last = round_.themes.aggregate(last=Max("order"))["last"]
    theme = Theme.objects.create(
        round=round_,
        title=_text(title, "title", _("Write the theme.")),
        description=description.strip(),
        order=(last or 0) + 1,
    )
    theme.goals.set(goals)
    _terms_changed(round_, by, _("The themes were changed."))
    return theme


def _check_goals(round_: Round, goals: list[StrategicGoal]) -> None:
    """A theme links to goals of the round's units, the units above them, or below."""
    paths = policy.scope_paths(round_)
    for goal in goals:
        if goal.retired_at is not None:
            raise ValidationError(_("The goal %(goal)s is retired.") % {"goal": goal})
        if not policy.meets([goal.unit.path], paths):
            raise ValidationError(
                _("The goal %(goal)s belongs to a unit outside the round.") % {"goal": goal}
            )


@transaction.atomic
def change_theme(
    theme: Theme,
    *,
    by: Viewer,
    title: str,
    description: str = "",
    goals: Iterable[StrategicGoal] = (),
) -> Theme:
    round_ = _locked(theme.round)
    allow(policy.can_change(by, round_))
    goals = list(goals)
    _check_goals(round_, goals)
    theme.title = _text(title, "title", _("Write the theme."))
    theme.description = description.strip()
    theme.save(update_fields=["title", "description"])
    theme.goals.set(goals)
    _terms_changed(round_, by, _("The themes were changed."))
    return theme


@transaction.atomic
def remove_theme(theme: Theme, *, by: Viewer) -> None:
    round_ = _locked(theme.round)
    allow(policy.can_change(by, round_))
    theme.delete()
    _terms_changed(round_, by, _("The themes were changed."))


@transaction.atomic
def choose_grus(round_: Round, *, by: Viewer, team: Team, instead_of_mus: bool = True) -> Round:
    """Record that a team holds GRUS instead of individual MUS in this round (or not)."""
    round_ = _locked(round_)
    allow(policy.can_change(by, round_))
    if not policy.within(team.unit.path, policy.scope_paths(round_)):
        raise ValidationError(_("%(team)s is not in the round.") % {"team": team})
    if instead_of_mus:
        _choice, created = TeamChoice.objects.get_or_create(round=round_, team=team)
        changed = created
    else:
        changed = TeamChoice.objects.filter(round=round_, team=team).delete()[0] > 0
    if changed:
        _terms_changed(round_, by, _("The teams holding GRUS instead of MUS were changed."))
    return round_


# --- the agreement with TR and AMR ------------------------------------------------------


@transaction.atomic
def comment(round_: Round, *, by: Viewer, text: str) -> RoundComment:
    allow(policy.can_comment(by, round_))
    assert by.person is not None  # can_comment
    return RoundComment.objects.create(
        round=round_,
        author=by.person,
        text=_text(text, "text", _("Write your comment.")),
        revision=round_.revision,
    )


def terms(round_: Round) -> dict[str, Any]:
    """What is agreed, as it stands: kept with the agreement, shown to everyone who
    signed it."""
    kinds = round_.round_kinds.select_related("kind", "questionnaire_version__questionnaire")
    variants = round_.form_variants.select_related(
        "kind", "unit", "questionnaire_version__questionnaire"
    )

    def form(version: QuestionnaireVersion | None) -> str:
        if version is None:
            return ""
        return f"{version.questionnaire.name}, version {version.number}"

    return {
        "units": sorted(unit.name for unit in round_.units.all()),
        "kinds": [{"kind": str(k.kind), "form": form(k.questionnaire_version)} for k in kinds],
        "forms_for_units": [
            {"kind": str(v.kind), "unit": v.unit.name, "form": form(v.questionnaire_version)}
            for v in variants.order_by("unit__name")
        ],
        "themes": [
            {"title": t.title, "goals": [g.title for g in t.goals.all()]}
            for t in round_.themes.prefetch_related("goals")
        ],
        "grus_instead_of_mus": sorted(
            c.team.name for c in round_.team_choices.select_related("team")
        ),
        "timeline": {
            f: (getattr(round_, f).isoformat() if getattr(round_, f) else None)
            for f in TIMELINE_FIELDS
        },
    }


def signed_roles(round_: Round) -> set[str]:
    """The roles (TR, AMR) that have signed the current revision."""
    return set(
        SignOff.objects.filter(round=round_, revision=round_.revision).values_list(
            "role", flat=True
        )
    )


def _agree(round_: Round, *, by: Viewer, how: str, agreed_on: datetime.date, minutes: Any = None):
    Agreement.objects.filter(round=round_).delete()
    agreement = Agreement(
        round=round_,
        how=how,
        agreed_on=agreed_on,
        terms=terms(round_),
        revision=round_.revision,
        recorded_by=by.person,
    )
    if minutes is not None:
        agreement.minutes.save(minutes.name, minutes, save=False)
    agreement.save()
    round_.state = RoundState.AGREED
    round_.save(update_fields=["state"])
    _record(round_, "agreed", by, how)
    return agreement


@transaction.atomic
def sign_off(round_: Round, *, by: Viewer) -> list[SignOff]:
    """The representative signs the draft as it stands, in each role they hold for the
    round's people. When a TR and an AMR have signed the same revision the round is
    agreed."""
    round_ = _locked(round_)
    allow(policy.can_sign_off(by, round_))
    assert by.person is not None  # can_sign_off
    signed = [
        SignOff.objects.get_or_create(
            round=round_, person=by.person, role=role, revision=round_.revision
        )[0]
        for role in policy.representative_roles(by, round_)
    ]
    _record(round_, "signed_off", by, ", ".join(s.role for s in signed))
    if {RepresentativeRole.TR, RepresentativeRole.AMR} <= signed_roles(round_):
        _agree(round_, by=by, how=AgreedHow.SIGNED, agreed_on=timezone.localdate())
    return signed


@transaction.atomic
def record_med_agreement(
    round_: Round, *, by: Viewer, agreed_on: datetime.date, minutes: UploadedFile | None = None
) -> Agreement:
    """HR records that the round was agreed in MED/SU on ``agreed_on``, with the minutes."""
    round_ = _locked(round_)
    allow(policy.can_change(by, round_) and round_.state == RoundState.DRAFT)
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The agreement cannot be dated in the future.")})
    return _agree(round_, by=by, how=AgreedHow.MED, agreed_on=agreed_on, minutes=minutes)


@transaction.atomic
def announce(round_: Round, *, by: Viewer, override_reason: str = "") -> Round:
    """The round is announced: from now on it is for everyone in it, and its launch is
    queued (``samtale.rounds.launching``: the conversations, then the announcement to
    everyone in it). It needs the agreement with TR and AMR, or HR's override with a
    reason, which is logged and shown to the representatives."""
    round_ = _locked(round_)
    allow(policy.can_manage(by, round_) and round_.state in policy.EDITABLE)
    override_reason = " ".join(override_reason.split())
    if round_.state != RoundState.AGREED:
        if not override_reason:
            raise ValidationError(
                {
                    "override_reason": _(
                        "The round is not agreed with TR and AMR. Give the reason for "
                        "announcing it anyway: the representatives will see it."
                    )
                }
            )
        _record(round_, "override", by, override_reason)
    if not round_.round_kinds.exists():
        raise ValidationError(_("The round includes no kind of conversation."))
    round_.state = RoundState.ANNOUNCED
    round_.announced_at = timezone.now()
    round_.save(update_fields=["state", "announced_at"])
    _record(round_, "announced", by)
    queries.rounds_changed()
    launching.start(round_, by=by)
    return round_


@transaction.atomic
def relaunch(round_: Round, *, by: Viewer) -> RoundLaunch:
    """Queue a launch that makes what the announced round still misses (after HR fixed a
    leader, or people joined its units), and announces the round to whoever has not had
    the announcement; what exists is left alone. Also how a failed launch is tried
    again. ``ValidationError`` while a launch of the round waits or runs."""
    round_ = _locked(round_)
    allow(policy.can_manage(by, round_) and round_.state == RoundState.ANNOUNCED)
    return launching.start(round_, by=by)


@transaction.atomic
def close(round_: Round, *, by: Viewer) -> Round:
    round_ = _locked(round_)
    allow(policy.can_manage(by, round_) and round_.state == RoundState.ANNOUNCED)
    round_.state = RoundState.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["state", "closed_at"])
    _record(round_, "closed", by)
    queries.rounds_changed()
    return round_


# --- rules per unit and membership -------------------------------------------------------


@transaction.atomic
def set_unit_rule(
    unit: OrgUnit, *, by: Viewer, rule: str | None, mus_year: int | None = None
) -> UnitRule | None:
    """The rule for ``unit`` and the units below it; None: follow the unit above again."""
    allow(policy.can_manage_goals(by, unit))
    if rule is None:
        UnitRule.objects.filter(unit=unit).delete()
        return None
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Choose a rule.")})
    if rule == Rule.ALTERNATE and mus_year is None:
        raise ValidationError({"mus_year": _("Alternate years need a year with MUS.")})
    found, _created = UnitRule.objects.update_or_create(
        unit=unit,
        defaults={
            "rule": rule,
            "mus_year": mus_year if rule == Rule.ALTERNATE else None,
            "set_by": by.person,
        },
    )
    return found


def follow_state(sender: object, *, conversation: Conversation, **kwargs: object) -> None:
    """A conversation took a step: its round's copy of the state follows (connected to
    ``conversations.signals.state_changed`` in ``RoundsConfig.ready``; one UPDATE, which
    touches nothing for a conversation outside any round)."""
    RoundConversation.objects.filter(conversation_id=conversation.pk).update(
        state=conversation.state
    )


def join_round(sender: object, *, conversation: Conversation, **kwargs: object) -> None:
    """A conversation made one at a time (a leader plans it; a person asks for it, e.g.
    an individual MUS where the unit holds GRUS every year and MUS on request) joins the
    announced round running today that includes its kind and its person's (or team's)
    unit, unless the round already has one of that kind with them that is not cancelled;
    it takes the round's form. Follow-ups belong to no round. Connected to
    ``conversations.signals.created`` in ``RoundsConfig.ready``; two queries when no
    round runs, five when it joins one."""
    if conversation.follow_up_of_id is not None:
        return
    owner = conversation.person if conversation.person_id else conversation.team
    unit = getattr(owner, "unit", None)
    if unit is None:
        return
    chain = ids_in_path(unit.path)
    ancestors = ["/" + "/".join(str(pk) for pk in chain[: n + 1]) + "/" for n in range(len(chain))]
    today = timezone.localdate()
    round_ = (
        Round.objects.filter(
            state=RoundState.ANNOUNCED,
            starts_on__lte=today,
            ends_on__gte=today,
            round_kinds__kind_id=conversation.kind_id,
            units__path__in=ancestors,
        )
        .order_by("-starts_on", "-pk")
        .first()
    )
    if round_ is None:
        return
    with_whom: dict[str, Any] = {
        "conversation__person_id": conversation.person_id,  # None: IS NULL
        "conversation__team_id": conversation.team_id,
    }
    twin = RoundConversation.objects.filter(
        round=round_, conversation__kind_id=conversation.kind_id, **with_whom
    ).exclude(state=State.CANCELLED)
    if twin.exists():
        return
    RoundConversation.objects.create(
        round=round_, conversation=conversation, unit=unit, state=conversation.state
    )
    version = launch.form_versions(round_, {unit.pk: unit.path}).get(
        (conversation.kind_id, unit.pk)
    )
    if version is not None and version != conversation.questionnaire_version_id:
        Conversation.objects.filter(pk=conversation.pk).update(questionnaire_version_id=version)
        conversation.questionnaire_version_id = version


def add_conversation(round_: Round, conversation: Conversation) -> RoundConversation:
    """Count ``conversation`` in ``round_`` (the launch and booking call this; a
    conversation belongs to at most one round)."""
    unit_id = conversation.person.unit_id if conversation.person else None
    if unit_id is None and conversation.team is not None:
        unit_id = conversation.team.unit_id
    link, _created = RoundConversation.objects.get_or_create(
        conversation=conversation,
        defaults={"round": round_, "unit_id": unit_id, "state": conversation.state},
    )
    if link.round_id != round_.pk:
        raise ValidationError(_("The conversation already belongs to another round."))
    return link
