"""System checks that refuse a configuration we cannot run safely."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_database(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        return [
            Error(
                f"Unsupported database engine {engine}.",
                hint="DATABASE_URL must start with sqlite:/// or postgres://",
                id="samtale.E002",
            )
        ]
    return []
