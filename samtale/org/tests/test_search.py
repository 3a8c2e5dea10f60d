"""Finding people and units (samtale.org.search): what matches, in what order, and that a
search finds only whom the viewer may see. The pages themselves are in
test_search_pages.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from samtale.access.viewer import acting_as
from samtale.lib.folding import fold
from samtale.org import policy, services
from samtale.org.models import OrgUnit, Person
from samtale.org.search import parse
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db


def viewer_of(personas, name: str):
    from samtale.access.viewer import viewer_for

    return viewer_for(personas.user(name))


def names(personas, persona: str, query: str, *, ended: bool = False) -> list[str]:
    people = Person.objects.search(viewer_of(personas, persona), parse(query))
    if not ended:
        people = people.active()
    return list(people.values_list("name", flat=True))


def units(personas, persona: str, query: str) -> list[str]:
    found = OrgUnit.objects.search(viewer_of(personas, persona), parse(query))
    return list(found.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Søren Ærø", "SOREN AERO"),
        ("Åse André", "ASE ANDRE"),
        ("mælkebøtte-ansat", "MAELKEBOTTE-ANSAT"),
        ("Straße Œuvre Łukasz", "STRASSE OEUVRE LUKASZ"),
        ("1003", "1003"),
    ],
)
def test_folding(text, folded):
    assert fold(text) == folded


def test_the_database_folds_as_python_does(personas):
    with connection.cursor() as cursor:
        cursor.execute("SELECT samtale_fold(%s)", ["Søren Ærø Åse André mælkebøtte Straße"])
        assert cursor.fetchone()[0] == fold("Søren Ærø Åse André mælkebøtte Straße")


def test_parse_collapses_spaces_and_keeps_at_most_a_hundred_characters():
    terms = parse("  emma   niel ")
    assert (terms.text, terms.folded, terms.words) == ("emma niel", "EMMA NIEL", ("EMMA", "NIEL"))
    assert len(parse("x" * 500).text) == 100
    assert not parse("e").searchable and parse("em").searchable
    assert not parse(None).searchable


def test_every_word_must_match_anywhere_in_the_name(personas):
    assert names(personas, "admin", "emma ans") == ["Emma Ansat"]
    assert names(personas, "admin", "ansat emma") == ["Emma Ansat"]
    assert names(personas, "admin", "emma kollega") == []
    # Inside a word too, from three letters.
    assert names(personas, "admin", "lleg") == ["Kasper Kollega"]


def test_case_and_accents_do_not_matter(personas):
    for query in ("MÆLKEBØTTE", "mælkebøtte", "maelkebotte", "Maelkebøtte"):
        assert sorted(names(personas, "admin", query)) == [
            "Mette Mælkebøtte-Ansat",
            "Morten Mælkebøtte",
        ], query
    assert units(personas, "admin", "mælkebøtten") == ["MAE"]
    assert units(personas, "admin", "BORNEHUSET") == ["SOL"]


def test_one_or_two_letters_match_the_start_of_a_word(personas):
    # "Mælkebøtte-Ansat": a hyphen starts a word as well.
    assert names(personas, "admin", "an") == [
        "Anders Arbejdsmiljø",
        "Emma Ansat",
        "Mette Mælkebøtte-Ansat",
    ]
    assert names(personas, "admin", "e an") == ["Emma Ansat"]
    assert names(personas, "admin", "me an") == ["Mette Mælkebøtte-Ansat"]


def test_employee_number_exact_or_from_the_start(personas):
    assert names(personas, "admin", "1003") == ["Emma Ansat"]
    found = names(personas, "admin", "100")
    assert found[:3] == ["Anders Arbejdsmiljø", "Christian Chef", "Emma Ansat"]
    assert len(found) == 9  # 1001-1009
    assert names(personas, "admin", "003") == []  # not in the middle


def test_email_from_the_start_in_any_case(personas):
    assert names(personas, "admin", "EMPLOYEE@eksempel.dk") == ["Emma Ansat"]
    assert names(personas, "admin", "colleag") == ["Kasper Kollega"]
    assert names(personas, "admin", "eksempel.dk") == []  # not in the middle


def test_unit_code_exact_or_from_the_start(personas):
    assert units(personas, "admin", "sol") == ["SOL", "SOLV"]
    assert units(personas, "admin", "SOLV") == ["SOLV"]
    assert units(personas, "admin", "olv") == []


def test_ranking_exact_then_start_then_a_later_word_then_inside(personas):
    sol = personas.units["SOL"]
    for name in ("Ida Hansen", "Hans Ib", "Johansen Ole", "Hans"):
        services.create_person(name=name, unit=sol, manager=personas.leader)
    assert names(personas, "admin", "hans") == ["Hans", "Hans Ib", "Ida Hansen", "Johansen Ole"]


def test_ranking_of_units(personas):
    assert units(personas, "admin", "solsikken") == ["SOLV", "SOL"]  # a later word after
    assert units(personas, "admin", "sol")[0] == "SOL"  # the exact code first


def test_the_list_under_the_box_ranks_word_starts_and_adds_words_inside(personas):
    sol = personas.units["SOL"]
    for name in ("Ida Hansen", "Hans Ib", "Johansen Ole", "Hans", "Bo Thansen"):
        services.create_person(name=name, unit=sol, manager=personas.leader)
    viewer = viewer_of(personas, "admin")

    def suggested(query: str, limit: int = 10) -> list[str]:
        return [p.name for p in Person.objects.suggested(viewer, parse(query), limit)]

    assert suggested("hans") == ["Hans", "Hans Ib", "Ida Hansen", "Bo Thansen", "Johansen Ole"]
    # One more than the list shows, to tell that there are more; word starts first.
    assert suggested("hans", limit=2) == ["Hans", "Hans Ib", "Ida Hansen"]
    assert suggested("ansen") == ["Bo Thansen", "Ida Hansen", "Johansen Ole"]
    assert suggested("ollega") == ["Kasper Kollega"]
    assert suggested("1003") == ["Emma Ansat"]


def test_people_who_have_left_are_left_out_unless_asked_for(personas):
    Person.objects.filter(pk=personas.colleague.pk).update(
        end_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert names(personas, "admin", "kasper") == []
    assert names(personas, "admin", "kasper", ended=True) == ["Kasper Kollega"]


def test_nothing_for_a_query_too_short(personas, django_assert_num_queries):
    viewer = viewer_of(personas, "admin")
    with django_assert_num_queries(0):
        assert list(Person.objects.search(viewer, parse("e"))) == []
        assert list(OrgUnit.objects.search(viewer, parse(" "))) == []


def test_percent_and_underscore_are_letters(personas):
    services.create_person(name="Procent 100% Ansat", unit=personas.units["SOL"])
    assert names(personas, "admin", "100%") == ["Procent 100% Ansat"]
    assert names(personas, "admin", "ka_per") == []


# Who finds whom. Each persona searches for people and units inside and outside what they
# may see; a search must never find (or rank, or count) anyone the viewer may not see.

PEOPLE = {
    # query -> the person it names
    "emma ansat": "employee",
    "lene leder": "leader",
    "morten mælkebøtte": "mae_leader",
    "mette": "mae_employee",
    "otto udenfor": "outsider",
    "henrik personale": "hr_elsewhere",
}
FINDS = {
    "leader": {"emma ansat", "lene leder"},
    "chief": {"emma ansat", "lene leder"},
    "board_chair": {"morten mælkebøtte"},
    "hr": {"emma ansat", "lene leder", "morten mælkebøtte", "mette"},
    "hr_elsewhere": {"otto udenfor", "henrik personale"},
    "tr": {"emma ansat", "lene leder"},
    "amr": {"emma ansat", "lene leder"},
    "admin": set(PEOPLE),
}
UNITS = {"solsikken": "SOL", "mælkebøtten": "MAE", "egely": "EGE", "sekretariat": "BUS"}
FINDS_UNITS = {
    "leader": {"solsikken"},
    "chief": {"solsikken"},
    "board_chair": set(),
    "hr": {"solsikken", "mælkebøtten", "sekretariat"},
    "hr_elsewhere": {"egely"},
    "tr": {"solsikken"},
    "amr": {"solsikken"},
    "admin": set(UNITS),
}
# Employee numbers find only those whose employment details the viewer may see.
NUMBERS = {"1003": "Emma Ansat", "1007": "Morten Mælkebøtte", "1011": "Otto Udenfor"}
FINDS_NUMBERS = {
    "leader": {"1003"},
    "chief": {"1003"},
    "board_chair": {"1007"},
    "hr": {"1003", "1007"},
    "hr_elsewhere": {"1011"},
    "tr": set(),
    "amr": set(),
    "admin": set(NUMBERS),
}


@pytest.mark.parametrize("persona", sorted(FINDS))
def test_who_finds_whom(personas, persona):
    for query, key in PEOPLE.items():
        found = personas.person(key).name in names(personas, persona, query)
        assert found is (query in FINDS[persona]), f"{persona} searching {query!r}"
    for query, code in UNITS.items():
        found = code in units(personas, persona, query)
        assert found is (query in FINDS_UNITS[persona]), f"{persona} searching {query!r}"
    for number, name in NUMBERS.items():
        expected = [name] if number in FINDS_NUMBERS[persona] else []
        assert names(personas, persona, number) == expected, f"{persona} searching {number}"


@pytest.mark.parametrize("persona", sorted(FINDS))
def test_a_search_finds_a_subset_of_what_the_viewer_sees(personas, persona):
    viewer = viewer_of(personas, persona)
    visible = set(Person.objects.visible_to(viewer).values_list("pk", flat=True))
    for query in ("an", "en", "100", "eksempel", "ll", "@"):
        found = set(Person.objects.search(viewer, parse(query)).values_list("pk", flat=True))
        assert found <= visible, (persona, query)


@pytest.mark.parametrize("persona", [n for n in PERSONA_NAMES if n != "anonymous"])
def test_who_may_search(personas, persona):
    searches = {"leader", "chief", "board_chair", "hr", "hr_elsewhere", "tr", "amr", "admin"}
    assert policy.can_search(viewer_of(personas, persona)) is (persona in searches)


@pytest.mark.parametrize("persona", [n for n in PERSONA_NAMES if n not in ("anonymous", "admin")])
def test_employment_filter_agrees_with_can_see_employment(personas, persona):
    viewer = acting_as(personas.person(persona))
    shown = set(
        Person.objects.filter(policy.employment_visible_q(viewer)).values_list("pk", flat=True)
    )
    for person in Person.objects.select_related("unit"):
        assert (person.pk in shown) is policy.can_see_employment(viewer, person), (
            persona,
            person.name,
        )
