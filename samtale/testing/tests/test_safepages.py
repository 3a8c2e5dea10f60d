"""The guard of the test settings (samtale.testing.safepages): a GET or HEAD that any test
makes fails if it writes a row other than the read log and the session."""

from __future__ import annotations

import contextlib

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path

from samtale.access.models import ReadLog
from samtale.org import headcount
from samtale.testing.safepages import (
    MAY_WRITE,
    ReadOnlyGetMiddleware,
    WroteOnGet,
    forbidden,
    written_tables,
)


@login_not_required
def writes_a_row(request: HttpRequest) -> HttpResponse:
    headcount.changed()  # the head counts' version: a row like any other
    return HttpResponse("skrevet")


@login_not_required
def swallows_the_failure(request: HttpRequest) -> HttpResponse:
    with contextlib.suppress(WroteOnGet, DatabaseError):
        headcount.changed()
    return HttpResponse("skjult")


@login_not_required
def logs_a_read(request: HttpRequest) -> HttpResponse:
    ReadLog.objects.create(reader_name="Læser", subject_type="test", subject_id=1, what="x")
    return HttpResponse("læst")


@login_not_required
def writes_while_streaming(request: HttpRequest) -> StreamingHttpResponse:
    def parts():
        yield b"en"
        headcount.changed()
        yield b"to"

    return StreamingHttpResponse(parts())


urlpatterns = [
    path("skriver/", writes_a_row),
    path("skjuler/", swallows_the_failure),
    path("laeser/", logs_a_read),
    path("strom/", writes_while_streaming),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_the_test_settings_guard_every_request_and_production_does_not():
    assert settings.MIDDLEWARE[0] == "samtale.testing.safepages.ReadOnlyGetMiddleware"
    from samtale import settings as production

    assert not any("testing" in m for m in production.MIDDLEWARE)


def test_a_get_that_writes_a_row_fails_naming_the_statement_and_the_url(client):
    with pytest.raises(WroteOnGet) as failure:
        client.get("/skriver/?side=1")
    message = str(failure.value)
    assert "GET /skriver/?side=1" in message
    assert 'UPDATE "org_orgversion"' in message


def test_a_head_is_guarded_too(client):
    with pytest.raises(WroteOnGet):
        client.head("/skriver/")


def test_a_view_that_swallows_the_failure_still_fails(client):
    with pytest.raises(WroteOnGet, match="GET /skjuler/"):
        client.get("/skjuler/")


def test_a_streamed_answer_is_guarded_while_it_streams(client):
    response = client.get("/strom/")
    with pytest.raises(WroteOnGet, match="org_orgversion"):
        b"".join(response.streaming_content)


def test_a_post_may_write_and_a_get_may_log_a_read(client):
    assert client.post("/skriver/").status_code == 200
    assert client.get("/laeser/").status_code == 200
    assert ReadLog.objects.filter(subject_type="test").count() == 1


def test_the_guard_refuses_a_fake_write_without_a_view(rf):
    def view(request):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute('UPDATE "org_orgversion" SET "token" = NULL WHERE 1 = 0')
        return HttpResponse()

    with pytest.raises(WroteOnGet, match='UPDATE "org_orgversion"'):
        ReadOnlyGetMiddleware(view)(rf.get("/falsk/"))
    assert ReadOnlyGetMiddleware(view)(rf.post("/falsk/")).status_code == 200


@pytest.mark.parametrize(
    ("sql", "tables"),
    [
        ('SELECT "x" FROM "org_person" WHERE "id" = 1 FOR UPDATE', []),
        ('INSERT INTO "access_readlog" ("what") VALUES (%s)', ["access_readlog"]),
        ('UPDATE "django_session" SET "expire_date" = %s', ["django_session"]),
        ('DELETE FROM "org_person" WHERE "id" IN (SELECT 1 FROM "access_readlog")', ["org_person"]),
        ('INSERT OR IGNORE INTO "org_team" ("name") VALUES (%s)', ["org_team"]),
        ("/* a comment */ update org_unit set name = 'x'", ["org_unit"]),
        ('WITH moved AS (DELETE FROM "a" RETURNING 1) INSERT INTO "b" SELECT 1', ["a", "b"]),
        ("WITH x AS (SELECT 1) SELECT * FROM x", []),
    ],
)
def test_the_table_a_statement_writes(sql, tables):
    assert written_tables(sql) == tables
    assert forbidden(sql) == any(t not in MAY_WRITE for t in tables)


def test_each_page_allowed_to_write_on_get_exists():
    from django.urls import reverse

    from samtale.testing.safepages import MAY_WRITE_AT

    for name in MAY_WRITE_AT:
        assert reverse(name, urlconf="samtale.urls")


@pytest.mark.parametrize(
    ("sql", "refused"),
    [
        ('UPDATE "scim_scimtoken" SET "last_used_at" = %s WHERE "scim_scimtoken"."id" = %s', False),
        ('UPDATE "scim_scimtoken" SET "revoked_at" = %s WHERE "scim_scimtoken"."id" = %s', True),
        ('UPDATE "scim_scimtoken" SET "last_used_at" = %s, "name" = %s WHERE "id" = %s', True),
        ('DELETE FROM "scim_scimtoken" WHERE "id" = %s', True),
        ('INSERT INTO "scim_scimtoken" ("last_used_at") VALUES (%s)', True),
    ],
)
def test_a_column_may_be_allowed_without_its_table(sql, refused):
    assert forbidden(sql) is refused
