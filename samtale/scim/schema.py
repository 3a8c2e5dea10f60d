"""What Samtale offers as SCIM: a User with the attributes it keeps (and nothing it
would drop), the enterprise extension's employee number, department (the unit's code)
and manager; the discovery documents built from these models by scim2-models."""

from typing import Annotated, Any

from pydantic import Field
from scim2_models import (
    URN,
    AnyExtension,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
MAX_RESULTS = 200

# Microsoft Entra ID's habits (documented by Microsoft): a remove with a value, a
# replace through a filter that matches nothing yet (emails[type eq "work"].value), and
# attributes Samtale does not keep (name.givenName, ...), which are ignored.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


class ScimEmail(ComplexAttribute):
    """A person has one e-mail address, of the type "work"."""

    value: str | None = None
    type: Annotated[str | None, Mutability.read_write] = Field(None, examples=["work"])


class ScimManager(ComplexAttribute):
    value: Annotated[str | None, Required.true] = None
    """The id of the leader's SCIM user."""

    # The resource type "User" by its name, as scim2-models names references.
    ref: Annotated[Reference["User"] | None, Required.false] = Field(  # type: ignore[name-defined]  # noqa: F821
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class ScimEnterpriseUser(Extension):
    __schema__ = URN(ENTERPRISE_URN)

    employee_number: Annotated[str | None, Required.true, Uniqueness.server] = None
    """The employee number (the import's key)."""

    department: Annotated[str | None, Required.true] = None
    """The code of the person's unit in Samtale."""

    manager: ScimManager | None = None
    """The person's nearest leader."""


class BareUser(Resource[AnyExtension]):
    """The core User schema as Samtale keeps it; ``ScimUser`` adds the extension."""

    __schema__ = URN(USER_URN)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    display_name: Annotated[str | None, Required.true] = None
    title: str | None = None
    # Required, so never removed: an absent "active" is read as true (views._active).
    active: Annotated[bool | None, Required.true] = None
    emails: list[ScimEmail] | None = None


# The extension is required: a person without an employee number and a unit is no
# employee (the import's rule), so SCIM cannot remove it.
ScimUser = BareUser[Annotated[ScimEnterpriseUser, Required.true]]


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token made by HR or an administrator in Samtale.",
                primary=True,
            )
        ],
    )


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(ScimUser)]


def schemas() -> list[Any]:
    return [BareUser.to_schema(), ScimEnterpriseUser.to_schema()]
