"""``/scim/v2/``: the SCIM 2.0 protocol (RFC 7644) for identity systems. Every answer is
``application/scim+json``; every request needs an active bearer token
(``samtale.scim.tokens``). The user's data is read and written by
``samtale.scim.services``; this module reads requests and writes answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    ListResponse,
    PatchOp,
    ResponseParameters,
    SCIMException,
    SearchRequest,
)

from samtale.scim import schema, services, tokens
from samtale.scim.models import ScimToken
from samtale.scim.schema import MAX_RESULTS, POLICY, ScimUser

CONTENT_TYPE = "application/scim+json"

type ScimView = Callable[..., HttpResponse]


def _answer(data: Any, status: int = 200, *, location: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type=CONTENT_TYPE)
    if location:
        response["Location"] = location
    return response


def _error(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    error = Error(status=status, scim_type=scim_type or None, detail=detail)
    return _answer(error.model_dump(), status)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def scim_view(view: ScimView) -> ScimView:
    """The protocol's frame: the token, the identity system's tolerances, errors as
    SCIM errors. The view gets the token after the request."""

    @csrf_exempt
    @login_not_required
    @never_cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = tokens.token_for(request.headers.get("Authorization", ""))
        if token is None:
            response = _error(401, _("A valid bearer token is required."))
            response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
            return response
        try:
            with POLICY:
                return view(request, token, *args, **kwargs)
        except services.Refused as refused:
            return _error(refused.status, refused.detail, refused.scim_type)
        except SCIMException as exc:
            error = exc.to_error()
            return _answer(error.model_dump(), error.status or 400)
        except ValidationError as exc:
            error = Error.from_validation_errors(exc)[0]
            return _answer(error.model_dump(), error.status or 400)
        except json.JSONDecodeError:
            return _error(400, _("The body is not JSON."), "invalidSyntax")

    return wrapped


def _not_allowed() -> HttpResponse:
    return _error(405, _("The method is not supported here."))


def _payload(request: HttpRequest) -> Any:
    return json.loads(request.body or b"{}")


def _split(request: HttpRequest, name: str) -> list[str] | None:
    value = request.GET.get(name, "")
    return [a.strip() for a in value.split(",") if a.strip()] or None


def _parameters(request: HttpRequest) -> ResponseParameters[Any]:
    """``attributes`` and ``excludedAttributes`` from the query string."""
    return ResponseParameters[ScimUser].model_validate(
        {
            "attributes": _split(request, "attributes"),
            "excludedAttributes": _split(request, "excludedAttributes"),
        }
    )


def _dump(user: ScimUser, request: HttpRequest, ctx: Context) -> dict[str, Any]:
    return user.model_dump(scim_ctx=ctx, response_parameters=_parameters(request))


# --- discovery ---------------------------------------------------------------------------


@scim_view
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method != "GET":
        return _not_allowed()
    config = schema.service_provider_config()
    config.meta = None
    data = config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    data["meta"] = {
        "resourceType": "ServiceProviderConfig",
        "location": f"{_base(request)}/ServiceProviderConfig",
    }
    return _answer(data)


def _listed(items: list[Any], request: HttpRequest, kind: str) -> HttpResponse:
    resources = []
    for item in items:
        data = item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
        data["meta"] = {"resourceType": kind, "location": f"{_base(request)}/{kind}s/{item.id}"}
        resources.append(data)
    return _answer(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": len(resources),
            "startIndex": 1,
            "itemsPerPage": len(resources),
            "Resources": resources,
        }
    )


def _one(items: list[Any], request: HttpRequest, kind: str, id: str) -> HttpResponse:
    for item in items:
        if item.id == id:
            data = item.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
            data["meta"] = {"resourceType": kind, "location": f"{_base(request)}/{kind}s/{id}"}
            return _answer(data)
    return _error(404, _("No %(kind)s %(id)s.") % {"kind": kind, "id": id})


@scim_view
def schemas(request: HttpRequest, token: ScimToken, id: str = "") -> HttpResponse:
    if request.method != "GET":
        return _not_allowed()
    items = schema.schemas()
    return _one(items, request, "Schema", id) if id else _listed(items, request, "Schema")


@scim_view
def resource_types(request: HttpRequest, token: ScimToken, id: str = "") -> HttpResponse:
    if request.method != "GET":
        return _not_allowed()
    items = schema.resource_types()
    if id:
        return _one(items, request, "ResourceType", id)
    return _listed(items, request, "ResourceType")


# --- users -------------------------------------------------------------------------------


def _number(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except ValueError:
        return default


@scim_view
def users(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        user = ScimUser.model_validate(
            _active_strings(_payload(request), default=True),
            scim_ctx=Context.RESOURCE_CREATION_REQUEST,
        )
        person = services.write(user, person=None, token=token)
        created = services.user_of(services.person_of(str(person.pk)), _base(request))
        location = created.meta.location if created.meta else ""
        return _answer(
            _dump(created, request, Context.RESOURCE_CREATION_RESPONSE),
            201,
            location=location or "",
        )
    if request.method != "GET":
        return _not_allowed()
    return _search(
        request,
        SearchRequest[ScimUser].model_validate(
            {
                "filter": request.GET.get("filter") or None,
                "startIndex": _number(request, "startIndex", 1),
                "count": _number(request, "count", MAX_RESULTS),
                "attributes": _split(request, "attributes"),
                "excludedAttributes": _split(request, "excludedAttributes"),
            },
            scim_ctx=Context.SEARCH_REQUEST,
        ),
    )


@scim_view
def search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    """``POST /Users/.search`` (and ``/.search``): the query in the body."""
    if request.method != "POST":
        return _not_allowed()
    return _search(
        request,
        SearchRequest[ScimUser].model_validate(_payload(request), scim_ctx=Context.SEARCH_REQUEST),
    )


def _search(request: HttpRequest, query: SearchRequest[Any]) -> HttpResponse:
    text = str(query.filter).strip() if query.filter else ""
    people = services.filtered(text) if text else services.people()
    start = max(query.start_index or 1, 1)
    count = min(max(query.count if query.count is not None else MAX_RESULTS, 0), MAX_RESULTS)
    total = people.count()
    page = list(people[start - 1 : start - 1 + count]) if count else []
    base = _base(request)
    listing = ListResponse[ScimUser](
        total_results=total,
        start_index=start,
        items_per_page=len(page),
        resources=[services.user_of(p, base) for p in page],
    )
    return _answer(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=query))


def _entra_patch(payload: Any) -> Any:
    """What Entra ID sends that the standard does not say: the manager as a bare id
    string ({"path": "...:manager", "value": "42"}) and ``"False"``/``"True"`` as
    strings. ``"op": "Replace"`` in any case and a path-less replace with an object are
    read by scim2-models (``samtale.scim.schema.POLICY``) as they are."""
    for operation in payload.get("Operations") or [] if isinstance(payload, dict) else []:
        if not isinstance(operation, dict):
            continue
        path = str(operation.get("path") or "")
        value = operation.get("value")
        if path.lower() == "active" and isinstance(value, str):
            operation["value"] = value.strip().lower() == "true"
        if path.lower().endswith("manager") and isinstance(value, str):
            operation["value"] = {"value": value} if value else None
        if isinstance(value, dict):
            _active_strings(value)
            for key, item in list(value.items()):
                if key.lower().endswith("manager") and isinstance(item, str):
                    value[key] = {"value": item} if item else None
    return payload


def _active_strings(values: Any, *, default: bool = False) -> Any:
    """``"active": "False"`` (a string, as Entra ID sends it) as a boolean; with
    ``default``, a user without ``active`` is active."""
    if isinstance(values, dict):
        if default and not any(key.lower() == "active" for key in values):
            values["active"] = True
        for key, value in values.items():
            if key.lower() == "active" and isinstance(value, str):
                values[key] = value.strip().lower() == "true"
    return values


@scim_view
def user(request: HttpRequest, token: ScimToken, id: str) -> HttpResponse:
    person = services.person_of(id)
    base = _base(request)
    if request.method == "GET":
        return _answer(
            _dump(services.user_of(person, base), request, Context.RESOURCE_QUERY_RESPONSE)
        )
    if request.method == "PUT":
        replacement = ScimUser.model_validate(
            _active_strings(_payload(request), default=True),
            scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST,
        )
        replacement.id = str(person.pk)
        saved = services.write(replacement, person=person, token=token)
        answer = services.user_of(services.person_of(str(saved.pk)), base)
        return _answer(_dump(answer, request, Context.RESOURCE_REPLACEMENT_RESPONSE))
    if request.method == "PATCH":
        payload = _entra_patch(_payload(request))
        patch = PatchOp[ScimUser].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
        current = services.user_of(person, base)
        if patch.patch(current):
            services.write(current, person=person, token=token)
        answer = services.user_of(services.person_of(id), base)
        return _answer(_dump(answer, request, Context.RESOURCE_PATCH_RESPONSE))
    if request.method == "DELETE":
        services.delete(person, token=token)
        return HttpResponse(status=204)
    return _not_allowed()


@scim_view
def not_found(request: HttpRequest, token: ScimToken, rest: str = "") -> HttpResponse:
    return _error(404, _("No such address."))
