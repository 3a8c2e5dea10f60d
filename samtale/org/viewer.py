"""Who is asking, as the organisation's rules see it.

``samtale.access`` builds the real viewer (``samtale.access.viewer.Viewer``) from the
organisation's data, so it sits above ``org``; the organisation's own rules and
querysets are written against this protocol, which that viewer satisfies, and so ``org``
never imports ``access``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

if TYPE_CHECKING:
    from samtale.org.models import Person


class Viewer(Protocol):
    @property
    def person(self) -> Person | None: ...

    @property
    def is_admin(self) -> bool: ...

    @property
    def leads_anyone(self) -> bool: ...

    @property
    def hr_paths(self) -> tuple[str, ...]: ...

    @property
    def tr_paths(self) -> tuple[str, ...]: ...

    @property
    def amr_paths(self) -> tuple[str, ...]: ...


class ViewerRequest(HttpRequest):
    """The request as the organisation's pages see it: ``viewer`` is set by
    ``samtale.access``'s middleware (the apps above ``access`` use its
    ``samtale.access.http.ViewerRequest``, whose viewer has the login too)."""

    viewer: Viewer


# Who changes the organisation (``samtale.org.services``' ``by``): the login of an
# administrator or of HR on the admin pages, or nobody (None: the HR system's import,
# commands). Django's base class of a login, as ``org`` sits below ``access``.
type Login = AbstractBaseUser | None


def acting_login(request: HttpRequest) -> AbstractBaseUser:
    """The login that acts on an admin page: the admin opens only to a logged-in
    administrator, so an anonymous user here is a mistake in the code."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise TypeError("acting_login: nobody is logged in")
    return user
