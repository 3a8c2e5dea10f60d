"""The rounds' part of the kept pages' tokens (``samtale.conversations.kept``): a
conversation joining or leaving a round changes its participants' tokens (what counts
on its leader's overview), and a round's settings (the round, its kinds and units, the units'
rules, the teams' choices) change ``setup``."""

from __future__ import annotations

from typing import Any

from samtale.conversations import kept

ROUND_PEOPLE = (kept.PARTICIPANTS, ("conversation_id",))
LINKS = "rounds_roundconversation"
SETTINGS = (
    "rounds_round",
    "rounds_roundkind",
    "rounds_round_units",
    "rounds_unitrule",
    "rounds_teamchoice",
)


def install_triggers(schema_editor: Any) -> None:
    """From the rounds' migration."""
    kept.touch_names(schema_editor, LINKS, *ROUND_PEOPLE)
    for table in SETTINGS:
        kept.touch_setup(schema_editor, table)


def drop_triggers(schema_editor: Any) -> None:
    for table in (LINKS, *SETTINGS):
        kept.drop_touches(schema_editor, table)
