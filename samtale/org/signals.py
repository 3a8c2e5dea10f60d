"""Signals the organisation sends for the apps above it (connected in their
``AppConfig.ready``)."""

from django.dispatch import Signal

# People whose end date was set to a day before today (the import, the administration
# pages): ``person_ids``. Sent inside the writer's transaction; the login ends their
# sessions (``samtale.access.leavers.people_left``).
people_left = Signal()
