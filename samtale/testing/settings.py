"""Settings for tests and type checks: the real settings with a fixed secret key, a fast
password hasher, and a guard that fails any GET that writes a row."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from samtale.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise indexes every static file whenever a handler starts, and the test client
# starts one per test: without it the suite runs several times faster. Pages are tested
# without static files; the browser tests get them from the live server's own handler.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# First, around everything else: a GET or HEAD that writes a row (other than the read log
# and the session) fails the test that made it (samtale.testing.safepages).
MIDDLEWARE = ["samtale.testing.safepages.ReadOnlyGetMiddleware", *MIDDLEWARE]
# Background tasks run at once, in the test's own process and transaction.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A thread would not see the test's transaction: what is counted in the background in
# production (samtale.lib.refreshing) is counted at once.
REFRESH_IN_BACKGROUND = False
# Every reused part of a template is rendered again and compared (samtale.lib.reuse).
REUSE_CHECK = True
