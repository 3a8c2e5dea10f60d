"""The login backend: Django's ModelBackend, except that loading the logged-in user on
each request also reads their person with everything the viewer needs
(``samtale.access.viewer``): one query for both instead of two.

Sessions made before this backend existed name Django's ModelBackend, which therefore
stays in AUTHENTICATION_BACKENDS after this one, for loading those users only: a
password is checked here alone (a failed check ends the login, so it is never checked a
second time).

A person who has left (``samtale.access.leavers.has_left``) can neither log in nor stay
logged in: ``user_can_authenticate`` refuses them for the password and for the session.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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

    def user_can_authenticate(self, user: Any) -> bool:
        from samtale.access.leavers import has_left

        return super().user_can_authenticate(user) and not has_left(user)

    def get_user(self, user_id: Any) -> Any:
        from samtale.access.viewer import person_of_user, remember_person

        person = person_of_user(user_id)
        if person is None:  # a login without a person (an administrator)
            user = get_user_model()._default_manager.filter(pk=user_id).first()
            if user is None:
                return None
            remember_person(user, None)
            return user if self.user_can_authenticate(user) else None
        user = person.user
        remember_person(user, person)
        return user if self.user_can_authenticate(user) else None
