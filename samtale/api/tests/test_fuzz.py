"""Fuzzing the API from its own OpenAPI schema (schemathesis, in-process through WSGI):
as a logged-in persona, no generated request, valid or not, gets a 5xx, and every
answer conforms to the schema (status code, content type, body). Deterministic
(``derandomize``) and bounded (``max_examples``) so it stays fast."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from samtale.api.tests.helpers import Conversations, planned

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def _in_the_tests_transaction() -> Iterator[WSGIHandler]:
    """Django's WSGI application, kept from closing the database connection after each
    request (as Django's test client does), so it sees the test's data on PostgreSQL too."""
    handlers = (signals.request_started, signals.request_finished)
    for signal in handlers:
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in handlers:
            signal.connect(close_old_connections)


def _fuzz(strategy: st.SearchStrategy[Any], cookies: dict[str, str]) -> None:
    with _in_the_tests_transaction() as app:
        _run(strategy, cookies, app)


def _run(strategy: st.SearchStrategy[Any], cookies: dict[str, str], app: WSGIHandler) -> None:
    @FUZZ
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        response = case.call(app=app, cookies=cookies)
        assert response.status_code < 500, (case.formatted_path, case.query, response.text)
        case.validate_response(response)

    run()


@pytest.fixture
def session_cookie(client_as: Callable[[str], Client]) -> dict[str, str]:
    client = client_as("employee")
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def schema(conversations: Conversations) -> Any:
    with _in_the_tests_transaction() as app:
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_errors_and_answers_conform(schema, session_cookie, mode):
    _fuzz(schema.as_strategy(generation_mode=mode, cookies=session_cookie), session_cookie)


def test_the_detail_of_real_conversations_conforms(schema, conversations, personas, session_cookie):
    """Random ids mostly answer 404; here the ids are the employee's own conversations
    (200 with content) and one that exists but is not hers (404)."""
    operation = schema["/api/v1/conversations/{id}"]["GET"]
    elsewhere = planned("mus", person=personas.outsider)
    ids = [conversations.mus.pk, conversations.grus.pk, elsewhere.pk]
    strategy = st.one_of(
        *(operation.as_strategy(path_parameters={"id": pk}, cookies=session_cookie) for pk in ids)
    )
    _fuzz(strategy, session_cookie)


def test_anonymous_answers_conform(schema):
    _fuzz(schema.as_strategy(), {})
