"""The leader's progress count ("Årets samtaler" on the overview): held, planned and
missing for each mandatory, yearly kind. En-til-en is voluntary and so never counted as
missing, as held or in a total; a follow-up neither. The rule follows the kinds' data."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import viewer_for
from samtale.conversations import counting, policy, services
from samtale.conversations.kind_views import KindForm
from samtale.conversations.models import Conversation, ConversationKind
from samtale.conversations.progress import KindProgress, progress_for_leader
from samtale.org import services as org_services
from samtale.testing import factories, worlds
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def kind(code: str) -> ConversationKind:
    return ConversationKind.objects.get(code=code)


def counts(persona_or_person) -> dict[str, tuple[int, int, int]]:
    """code -> (held, planned, missing) for every counted kind."""
    person = persona_or_person
    return {
        p.kind.code: (p.held, p.planned, p.missing)
        for p in progress_for_leader(viewer_for(person.user))
    }


def invited(conversation: Conversation) -> Conversation:
    return services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=2),
        location="Kontoret",
    )


def held(conversation: Conversation) -> Conversation:
    return services.mark_held(invited(conversation), by=host(conversation))


@worlds.world(on="personas")
def leaders_year(personas):
    """Lene's year so far: Emma's MUS held; Kasper's MUS invited; Tina's MUS cancelled;
    Anders has no MUS but a held En-til-en; Emma asked for an En-til-en (planned).
    The value is the personas (samtale.testing.worlds)."""
    held(
        services.plan(
            kind=kind("mus"), person=personas.employee, by=actor(personas.employee.manager)
        )
    )
    invited(
        services.plan(
            kind=kind("mus"), person=personas.colleague, by=actor(personas.colleague.manager)
        )
    )
    cancelled = services.plan(kind=kind("mus"), person=personas.tr, by=actor(personas.leader))
    services.cancel(cancelled, by=host(cancelled))
    held(services.plan(kind=kind("en-til-en"), person=personas.amr, by=actor(personas.amr.manager)))
    services.ask_for(kind("en-til-en"), by=actor(personas.employee))
    return personas


@pytest.fixture
def year(leaders_year):
    return leaders_year


def test_the_rule_counts_only_mandatory_yearly_kinds():
    counted = {k.code for k in ConversationKind.objects.all() if policy.counts_in_progress(k)}
    assert counted == {"mus", "grus", "lus"}


def test_the_leaders_counts(year):
    assert counts(year.leader) == {
        # Emma held; Kasper invited; Tina (cancelled) and Anders (only an En-til-en) missing
        "mus": (1, 1, 2),
        # the team Stue Mariehønen has no GRUS yet
        "grus": (0, 0, 1),
        # nobody below Lene leads anyone: nobody is offered LUS
        "lus": (0, 0, 0),
    }


def test_en_til_en_is_never_counted(year):
    """Neither Kasper (no En-til-en at all) nor anyone else is missing an En-til-en, and
    Anders' held En-til-en is not a held MUS."""
    progress = progress_for_leader(viewer_for(year.leader.user))
    assert [p.kind.code for p in progress] == ["mus", "grus", "lus"]
    mus = next(p for p in progress if p.kind.code == "mus")
    assert mus.held == 1 and mus.total == 4


def test_a_leader_report_is_counted_for_lus_not_mus(personas):
    # the chief holds a MUS with Lene anyway: Lene leads people, so it is no MUS count
    held(services.plan(kind=kind("mus"), person=personas.leader, by=actor(personas.leader.manager)))
    assert counts(personas.chief) == {"mus": (0, 0, 0), "grus": (0, 0, 0), "lus": (0, 0, 1)}
    held(services.plan(kind=kind("lus"), person=personas.leader, by=actor(personas.leader.manager)))
    assert counts(personas.chief)["lus"] == (1, 0, 0)
    # the board chair's Morten leads Mette: LUS, missing
    assert counts(personas.board_chair)["lus"] == (0, 0, 1)


def test_a_report_who_starts_leading_moves_from_mus_to_lus(year):
    org_services.create_person(name="Ny Praktikant", unit=year.units["SOL"], manager=year.colleague)
    assert counts(year.leader)["mus"] == (1, 0, 2)  # Kasper's invited MUS no longer counts
    assert counts(year.leader)["lus"] == (0, 0, 1)


def test_cancelled_conversations_count_as_missing(personas):
    mus = factories.planned("mus", person=personas.employee)
    services.cancel(mus, by=host(mus))
    grus = factories.invited("grus", team=personas.teams["stue"])
    services.cancel(grus, by=host(grus))
    assert counts(personas.leader)["mus"] == (0, 0, 4)
    assert counts(personas.leader)["grus"] == (0, 0, 1)
    # planned again after the cancellation: planned, not missing
    services.plan(
        kind=kind("grus"), team=personas.teams["stue"], by=actor(personas.teams["stue"].leader)
    )
    assert counts(personas.leader)["grus"] == (0, 1, 0)


def test_held_accepted_and_closed_all_count_as_held(personas):
    held(
        services.plan(
            kind=kind("mus"), person=personas.employee, by=actor(personas.employee.manager)
        )
    )
    for person in (personas.colleague, personas.tr):
        conversation = held(
            services.plan(kind=kind("mus"), person=person, by=actor(person.manager))
        )
        services.write_summary(conversation, by=host(conversation), summary="ok")
        services.share_summary(conversation, by=host(conversation))
        services.respond_to_summary(conversation, by=actor(person), accept=True)
    services.close(
        Conversation.objects.get(person=personas.tr),
        by=host(Conversation.objects.get(person=personas.tr)),
    )
    assert {c.state for c in Conversation.objects.all()} == {"held", "accepted", "closed"}
    assert counts(personas.leader)["mus"] == (3, 0, 1)


def test_last_years_conversations_do_not_count(personas):
    mus = held(
        services.plan(
            kind=kind("mus"), person=personas.employee, by=actor(personas.employee.manager)
        )
    )
    last_year = timezone.now().replace(year=timezone.now().year - 1)
    Conversation.objects.filter(pk=mus.pk).update(created_at=last_year)
    assert counts(personas.leader)["mus"] == (0, 0, 4)


def test_people_who_have_left_are_not_counted(personas):
    org_services.create_person(
        name="Fratrådt",
        unit=personas.units["SOL"],
        manager=personas.leader,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert counts(personas.leader)["mus"] == (0, 0, 4)


def _post_kind(client, kind_obj: ConversationKind, **changes: str) -> None:
    data = {
        name: value
        for name, value in KindForm(instance=kind_obj).initial.items()
        if value is not None and value is not False
    }
    data = {name: "on" if value is True else value for name, value in data.items()}
    data.update(changes)
    response = client.post(reverse("conversations:kind_edit", args=[kind_obj.code]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_count_follows_the_kinds_data(client_as, year):
    """HR makes En-til-en mandatory and yearly on the kinds page: from then on it counts
    (and, as a yearly individual kind, for those who are not leaders, like MUS)."""
    org_services.grant_role(year.hr, "hr", year.units["K"])
    hr = client_as("hr")
    # mandatory, but still "any time": there is no yearly conversation to miss
    _post_kind(hr, kind("en-til-en"), mandatory="on")
    assert kind("en-til-en").mandatory
    assert "en-til-en" not in counts(year.leader)
    _post_kind(hr, kind("en-til-en"), mandatory="on", frequency="yearly")
    # Anders held one, Emma's asked-for one is planned, Kasper and Tina have none
    assert counts(year.leader)["en-til-en"] == (1, 1, 2)
    # and MUS made voluntary is no longer counted
    _post_kind(hr, kind("mus"), mandatory="")
    assert "mus" not in counts(year.leader)


def test_the_overview_shows_the_counts(client_as, year):
    page = client_as("leader").get(reverse("conversations:overview")).content.decode()
    table = page[page.index('id="progress"') : page.index("</table>", page.index('id="progress"'))]
    assert "Årets samtaler" in table
    for header in ("Afholdt", "Planlagt", "Mangler", "I alt"):
        assert f'<th scope="col" class="text-align-right">{header}</th>' in table
    mus = table[
        table.index('data-kind="mus"') : table.index("</tr>", table.index('data-kind="mus"'))
    ]
    assert '<th scope="row">MUS' in mus
    for what, number in (("held", 1), ("planned", 1), ("missing", 2), ("total", 4)):
        assert f'data-count="{what}">{number}</td>' in mus
    assert 'data-kind="grus"' in table
    # nobody below Lene leads anyone, so no LUS row; En-til-en and follow-ups never
    for code in ("lus", "en-til-en", "opfoelgning"):
        assert f'data-kind="{code}"' not in table


def test_the_count_costs_two_queries_given_the_kinds(personas, django_assert_num_queries):
    viewer = viewer_for(personas.leader.user)
    kinds = list(ConversationKind.objects.all())
    now = counting.for_leader(personas.leader)  # what counts (the overview asks it once)
    with django_assert_num_queries(2):  # the reports, grouped; the teams, grouped
        progress = progress_for_leader(viewer, kinds=kinds, counting=now)
    assert all(isinstance(p, KindProgress) for p in progress)


def test_no_person_no_count(personas):
    assert progress_for_leader(viewer_for(personas.admin_user)) == []


def _fifty_reports(personas) -> None:
    """50 direct reports of Lene in all states (some leading others), and 10 teams."""
    mus, lus, en_til_en = kind("mus"), kind("lus"), kind("en-til-en")
    for i in range(46):  # with Emma, Kasper, Tina and Anders: 50
        person = org_services.create_person(
            name=f"Medarbejder {i:02}",
            employee_number=f"8{i:03}",
            unit=personas.units["SOL"],
            manager=personas.leader,
        )
        if i % 10 == 0:  # a leader below Lene: LUS
            org_services.create_person(name=f"Under {i:02}", manager=person)
            services.plan(kind=lus, person=person, by=actor(person.manager))
        elif i % 3 == 0:
            held(services.plan(kind=mus, person=person, by=actor(person.manager)))
        elif i % 3 == 1:
            services.plan(kind=mus, person=person, by=actor(person.manager))
        if i % 4 == 0:
            services.ask_for(en_til_en, by=actor(person))
    for i in range(10):
        team = org_services.create_team(
            name=f"Team {i}", unit=personas.units["SOL"], leader=personas.leader
        )
        if i % 2:
            services.plan(kind=kind("grus"), team=team, by=actor(team.leader))


def test_the_overview_query_count_does_not_grow_with_reports(
    client_as, personas, django_assert_max_num_queries
):
    _fifty_reports(personas)
    assert counts(personas.leader) == {
        "mus": (14, 13, 18),  # 45 who lead nobody: 41 new (14 held, 13 planned) and 4
        "grus": (0, 5, 6),  # 11 teams (Stue Mariehønen and 10 new), 5 planned
        "lus": (0, 5, 0),  # 5 who lead someone, each with a planned LUS
    }
    client = client_as("leader")
    # 1 session, 2 user, 3-4 viewer (person, role grants), 5-6 the key of what is kept
    # (samtale.conversations.kept), 7 what counts now (a round the leader is in:
    # samtale.conversations.counting), 8 people count, 9 page of people, 10 their
    # conversations this year, 11 kinds, 12 teams, 13 team conversations, 14 progress:
    # reports grouped by status, 15 progress: teams grouped by status
    with django_assert_max_num_queries(15):
        page = client.get(reverse("conversations:overview"))
    assert page.status_code == 200
    assert 'data-count="total">45</td>' in page.content.decode()
    caches["pages"].clear()  # made anew, not kept
    with CaptureQueriesContext(connection) as fifty:
        client.get(reverse("conversations:overview"))
    for i in range(20):
        org_services.create_person(
            name=f"Ekstra {i:02}", unit=personas.units["SOL"], manager=personas.leader
        )
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as seventy:
        page = client.get(reverse("conversations:overview"))
    assert 'data-count="total">65</td>' in page.content.decode()
    assert len(seventy.captured_queries) == len(fifty.captured_queries)
