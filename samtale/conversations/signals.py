"""What a higher app may observe of conversations: their state changed, their time set,
moved or cancelled, a summary written or accepted.

``samtale.conversations`` never imports the apps above it. One that keeps something tied
to a conversation's time (the round's offered times, ``samtale.rounds.booking``) connects
a receiver in its ``AppConfig.ready``::

    signals.time_changed.connect(receiver, dispatch_uid="...")

The services send it inside their transaction, after the conversation is saved and
before its mails are queued: a receiver's change is committed with the step, and a
receiver that raises undoes the step.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``services`` with ``conversation`` (saved, in its new state) and ``step``: the
# lifecycle step just taken, "invite", "reschedule" or "cancel".
time_changed = Signal()

# Sent by ``services._step`` (every step of the lifecycle) with ``conversation`` (saved,
# in its new state) and ``before``, the state it left. The round keeps a copy of the
# state for its progress counts (``samtale.rounds.apps``).
state_changed = Signal()

# Sent by ``services`` when a conversation is made one at a time (a leader plans it, a
# person asks for it), with ``conversation`` (saved, with its participants). A round that
# calls for it takes it in (``samtale.rounds.services.join_round``).
created = Signal()

# Sent by ``services.write_summary`` inside its transaction with ``conversation``,
# ``version`` (the summary version written, saved), ``previous`` (the shared version a
# new version follows, or None: a first version, or a draft edited in place), ``by`` (the
# actor) and ``parts``: what the summary page's parts (``samtale.conversations.summary_parts``)
# gave, by part name (empty when the summary is written without the page). The agreed
# competence levels are recorded with the version (``samtale.competences.apps``).
summary_written = Signal()

# Sent by ``services.respond_to_summary`` inside its transaction when a participant
# accepts a shared summary version, with ``conversation``, ``version`` (the version
# accepted), ``person`` (who accepted) and ``by``. The agreed competence levels of a MUS
# become the person's current levels when the person accepts (``samtale.competences.apps``).
summary_accepted = Signal()
