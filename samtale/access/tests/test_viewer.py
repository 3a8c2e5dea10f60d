import pytest
from django.contrib.auth.models import AnonymousUser

from samtale.access.viewer import ANONYMOUS, viewer_for
from samtale.org import policy
from samtale.org.models import Person

pytestmark = pytest.mark.django_db


def test_anonymous_viewer():
    assert viewer_for(AnonymousUser()) is ANONYMOUS
    assert not ANONYMOUS.is_authenticated


def test_viewer_is_built_in_one_query(personas, django_assert_num_queries):
    """The person, whom they lead and their role grants (several, of several roles)."""
    from samtale.org import services as org_services
    from samtale.org.models import Role

    org_services.grant_role(personas.hr, Role.HR, personas.units["SS"])
    org_services.grant_role(personas.hr, Role.TR, personas.units["SOL"])
    user = personas.user("hr")
    with django_assert_num_queries(1):
        viewer = viewer_for(user)
    assert viewer.person == personas.hr
    assert viewer.hr_paths == tuple(sorted((personas.units["BU"].path, personas.units["SS"].path)))
    assert viewer.tr_paths == (personas.units["SOL"].path,) and viewer.amr_paths == ()
    assert not viewer.is_admin


def test_acting_as_a_person_without_a_login(personas, django_assert_num_queries):
    """The demo and commands act as people who may have no login: the same scopes."""
    from samtale.access.viewer import acting_as

    with django_assert_num_queries(1):
        leader = acting_as(personas.leader)
    assert leader.person == personas.leader and leader.leads_anyone
    assert leader.user == personas.user("leader") and not leader.is_admin
    assert acting_as(personas.hr).hr_paths == (personas.units["BU"].path,)


def test_roles_follow_from_the_data(personas):
    leader = viewer_for(personas.user("leader"))
    chief = viewer_for(personas.user("chief"))
    chair = viewer_for(personas.user("board_chair"))
    employee = viewer_for(personas.user("employee"))
    tr = viewer_for(personas.user("tr"))
    admin = viewer_for(personas.user("admin"))
    assert leader.leads_anyone and not leader.is_chief
    assert chief.leads_anyone and chief.is_chief
    assert chair.leads_anyone and chair.person is not None and chair.person.is_external
    assert not employee.leads_anyone and not employee.is_hr
    assert tr.tr_paths == (personas.units["SOL"].path,) and not tr.amr_paths
    assert admin.is_admin and admin.person is None


def test_external_board_chair_leads_only_directly(personas):
    chair = viewer_for(personas.user("board_chair"))
    led = set(Person.objects.led_by(chair).values_list("name", flat=True))
    assert led == {"Morten Mælkebøtte"}


def test_chief_leads_through_the_tree(personas):
    chief = viewer_for(personas.user("chief"))
    led = set(Person.objects.led_by(chief).values_list("name", flat=True))
    assert led == {
        "Lene Leder",
        "Emma Ansat",
        "Kasper Kollega",
        "Tina Tillid",
        "Anders Arbejdsmiljø",
    }


def test_a_deactivated_login_gets_no_viewer(personas):
    user = personas.user("employee")
    user.is_active = False
    assert viewer_for(user) is ANONYMOUS


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("employee", {"Emma Ansat", "Kasper Kollega", "Lene Leder"}),
        ("outsider", {"Otto Udenfor", "Ellen Egely"}),
        ("board_chair", {"Birgit Bestyrelse", "Morten Mælkebøtte"}),
    ],
)
def test_people_visible_to(personas, persona, visible):
    viewer = viewer_for(personas.user(persona))
    names = set(Person.objects.visible_to(viewer).values_list("name", flat=True))
    assert visible <= names
    if persona == "board_chair":
        assert names == visible
    if persona == "outsider":
        assert "Emma Ansat" not in names


def test_import_is_for_admins_and_top_level_hr(personas):
    from samtale.org.services import grant_role

    assert policy.can_import(viewer_for(personas.user("admin")))
    assert not policy.can_import(viewer_for(personas.user("hr")))
    grant_role(personas.hr, "hr", personas.units["K"])
    assert policy.can_import(viewer_for(personas.user("hr")))


def test_each_request_reads_the_user_with_their_viewer_in_one_query(
    client, personas, django_assert_num_queries
):
    """The session, then the user with their person and role grants: the viewer asks
    nothing more. A login without a person (an administrator) costs one query more."""
    from django.urls import reverse

    client.force_login(personas.user("leader"))
    client.get(reverse("org:team", args=[personas.teams["stue"].pk]))
    # session, user with viewer, team, members (the menu's rounds answer is cached)
    with django_assert_num_queries(4):
        client.get(reverse("org:team", args=[personas.teams["stue"].pk]))
    client.force_login(personas.user("admin"))
    with django_assert_num_queries(3):  # session, the person (none), the user
        assert client.get(reverse("conversations:mine")).status_code == 200


def test_a_session_from_before_the_viewer_backend_still_loads(client, personas):
    """Sessions made with Django's ModelBackend stay logged in."""
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.urls import reverse

    client.force_login(personas.user("leader"), backend="django.contrib.auth.backends.ModelBackend")
    assert client.session[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    assert client.get(reverse("conversations:mine")).status_code == 200


def test_a_wrong_password_is_checked_once(client, personas, monkeypatch):
    """A failed login ends at the viewer backend: ModelBackend, kept for old sessions,
    does not check the password a second time."""
    from django.contrib.auth.backends import ModelBackend
    from django.urls import reverse

    calls = []
    original = ModelBackend.authenticate

    def counting(self, *args, **kwargs):
        calls.append(type(self).__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    user = personas.user("leader")
    response = client.post(reverse("login"), {"username": user.email, "password": "forkert"})
    assert response.status_code == 200 and calls == ["ViewerBackend"]
