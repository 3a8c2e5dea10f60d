"""The login backend: Django's ModelBackend, except that loading the logged-in user on
each request also reads their person with everything the viewer needs
(``samtale.access.viewer``): one query for both instead of two.

Sessions made before this backend existed name Django's ModelBackend, which therefore
stays in AUTHENTICATION_BACKENDS after this one, for loading those users only: a
password is checked here alone (a failed check ends the login, so it is never checked a
second time).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class ViewerBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied  # no other backend checks passwords
        return user

    def get_user(self, user_id: Any) -> Any:
        from samtale.access.viewer import person_of_user, remember_person

        person = person_of_user(user_id)
        if person is None:
            user = super().get_user(user_id)  # a login without a person (an administrator)
            if user is not None:
                remember_person(user, None)
            return user
        user = person.user
        remember_person(user, person)
        return user if self.user_can_authenticate(user) else None
