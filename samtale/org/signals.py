"""Signals of the organisation, for the layers above it to react to (``org`` imports
none of them; they are connected in the apps' ``AppConfig.ready``)."""

from __future__ import annotations

from django.dispatch import Signal

# A login was linked to a person (``samtale.org.services.link_login``): sent with
# ``person``, ``user`` (the login) and ``by`` (the acting login). ``samtale.access``
# records it where the person sees who has read their things.
login_linked = Signal()

# People whose end date was set to a day before today (the import, the administration
# pages): ``person_ids``. Sent inside the writer's transaction; the login ends their
# sessions (``samtale.access.leavers.people_left``).
people_left = Signal()

# Someone other than the person changed their login, e-mail address or roles
# (``samtale.org.services.tell_of_change``): sent with ``person``, ``by`` (the acting
# login) and ``what`` (the change as the person reads it). ``samtale.access`` records it
# where the person sees who has read their things.
access_changed = Signal()
