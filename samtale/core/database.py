"""What Samtale asks of each new PostgreSQL connection.

``random_page_cost``: PostgreSQL's default (4) prices reading a row through an index as
if the table lay on a spinning disk. Samtale's tables fit in memory or on SSD, and with
the default the planner would rather read every conversation of the organisation than a
few hundred through the participants' index ("Mine samtaler" for a leader of 130: 9 ms
a query on 52,000 conversations, growing with them, against under 1 ms from the index).
1.1 is the usual setting for SSD. ``DATABASE_RANDOM_PAGE_COST`` sets another value, or
none (empty: the server's own). Set per connection with ``SET``, not as a connection
parameter, so that a connection pooler in between (pgbouncer) accepts it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def tune(sender: Any, connection: Any, **_ignored: Any) -> None:
    """A ``connection_created`` receiver."""
    cost = settings.DATABASE_RANDOM_PAGE_COST
    if connection.vendor != "postgresql" or cost is None:
        return
    # On the driver's connection: not a query of the page that opened it (nor counted).
    connection.connection.execute(f"SET random_page_cost = {float(cost)}")
