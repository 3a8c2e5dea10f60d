"""Typed reading of environment variables.

Every setting comes from the environment. A secret may instead be given as a file:
``SECRET_KEY_FILE=/run/secrets/key`` is read when ``SECRET_KEY`` is not set.
A malformed value stops the start with a message naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


class EnvError(ImproperlyConfigured, ValueError):
    """A variable holds something we cannot use: the configuration is wrong, and the
    message names the variable."""


_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nej", ""}


def _raw(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    environ = os.environ if environ is None else environ
    if name in environ:
        return environ[name]
    file_name = environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE={file_name}: cannot read the file ({exc})") from exc
    return None


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise EnvError(f"{name}={value!r}: expected true or false")


def env_int(name: str, default: int, environ: Mapping[str, str] | None = None) -> int:
    value = _raw(name, environ)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise EnvError(f"{name}={value!r}: expected a whole number") from exc


def env_number(
    name: str, default: float | None, environ: Mapping[str, str] | None = None
) -> float | None:
    """A positive number (``1.1``), or None when set to nothing."""
    value = _raw(name, environ)
    if value is None:
        return default
    if value.strip() == "":
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise EnvError(f"{name}={value!r}: expected a number such as 1.1") from exc
    if not number > 0 or number == float("inf"):
        raise EnvError(f"{name}={value!r}: expected a number above 0")
    return number


def env_list(
    name: str, default: list[str] | None = None, environ: Mapping[str, str] | None = None
) -> list[str]:
    value = _raw(name, environ)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


LOCAL_CACHE_ENTRIES = 10_000
# Rendered parts of pages (``CACHES['pages']``): 10-15 kB each, so fewer.
LOCAL_PAGE_CACHE_ENTRIES = 2_000
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def env_cache(
    name: str,
    prefix: str = "samtale",
    environ: Mapping[str, str] | None = None,
    *,
    entries: int = LOCAL_CACHE_ENTRIES,
) -> dict[str, object]:
    """Django's cache setting from a URL: empty or ``locmem://``, each process's own
    memory (up to ``entries`` entries); ``redis://host:6379/0``, ``rediss://`` (TLS) or
    ``unix:///path/redis.sock``, one Redis shared by every process, its keys starting
    with ``prefix``."""
    value = (_raw(name, environ) or "").strip()
    if value in ("", "locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": prefix,
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
    if value.startswith(_REDIS_SCHEMES):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": value,
            "KEY_PREFIX": prefix,
        }
    shown = value.split("://", 1)[0] + "://..." if "://" in value else value
    raise EnvError(
        f"{name}={shown!r}: expected nothing (each process's own memory), locmem://, "
        "redis://host:port/db, rediss://host:port/db or unix:///path/to/redis.sock"
    )
