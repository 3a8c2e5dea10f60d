import pytest

from samtale.lib.env import EnvError, env_bool, env_int, env_list, env_number, env_str


def test_values_and_defaults():
    env = {"A": "x", "B": "ja", "C": "0", "N": "42", "L": "a, b,,c"}
    assert env_str("A", environ=env) == "x"
    assert env_str("MISSING", "d", environ=env) == "d"
    assert env_bool("B", environ=env) is True
    assert env_bool("C", True, environ=env) is False
    assert env_int("N", 1, environ=env) == 42
    assert env_list("L", environ=env) == ["a", "b", "c"]


def test_file_variant_is_read_for_secrets(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "s3cret"
    # The plain variable wins over the file.
    assert env_str("SECRET_KEY", environ={"SECRET_KEY": "a", "SECRET_KEY_FILE": "/no"}) == "a"


@pytest.mark.parametrize(("func", "value"), [(env_bool, "maybe"), (env_int, "ten")])
def test_malformed_values_name_the_variable(func, value):
    with pytest.raises(EnvError, match="X="):
        func("X", environ={"X": value}) if func is env_bool else func("X", 1, environ={"X": value})


def test_unreadable_secret_file_is_reported():
    with pytest.raises(EnvError, match="SECRET_KEY_FILE"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": "/nonexistent/file"})


def test_numbers_and_nothing():
    assert env_number("X", 1.1, environ={}) == 1.1
    assert env_number("X", 1.1, environ={"X": "2"}) == 2.0
    assert env_number("X", 1.1, environ={"X": " "}) is None  # set to nothing: none
    for value in ("fast", "0", "-1", "nan", "inf"):
        with pytest.raises(EnvError, match="X="):
            env_number("X", 1.1, environ={"X": value})


def test_cache_url_default_is_each_processs_own_memory_with_room():
    from samtale.lib.env import LOCAL_CACHE_ENTRIES, env_cache

    for environ in ({}, {"CACHE_URL": ""}, {"CACHE_URL": "locmem://"}):
        setting = env_cache("CACHE_URL", environ=environ)
        assert setting["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
        # Django's default (300 entries) pushes out the competence overview's counts.
        assert setting["OPTIONS"] == {"MAX_ENTRIES": LOCAL_CACHE_ENTRIES}


def test_the_pages_cache_is_a_store_of_its_own(settings):
    """Rendered parts of pages never push the counts out of the process's memory: they
    have their own, smaller store; with Redis, their own prefix in the same Redis."""
    from samtale.lib.env import LOCAL_PAGE_CACHE_ENTRIES, env_cache

    pages = env_cache("CACHE_URL", "samtale-pages", environ={}, entries=LOCAL_PAGE_CACHE_ENTRIES)
    assert pages["OPTIONS"] == {"MAX_ENTRIES": LOCAL_PAGE_CACHE_ENTRIES}
    assert settings.CACHES["pages"]["LOCATION"] != settings.CACHES["default"]["LOCATION"]
    redis = {"CACHE_URL": "redis://cache:6379/0"}
    assert env_cache("CACHE_URL", "k-pages", environ=redis)["KEY_PREFIX"] == "k-pages"


@pytest.mark.parametrize(
    "url", ["redis://10.0.0.5:6379/2", "rediss://:secret@cache:6380/0", "unix:///run/redis.sock"]
)
def test_cache_url_redis_is_shared_with_the_prefix(url):
    from samtale.lib.env import env_cache

    setting = env_cache("CACHE_URL", "kommune-a", environ={"CACHE_URL": url})
    assert setting == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "kommune-a",
    }


def test_cache_url_of_another_kind_names_the_variable_and_keeps_the_password():
    from samtale.lib.env import env_cache

    with pytest.raises(EnvError, match=r"CACHE_URL='memcached://\.\.\.'") as caught:
        env_cache("CACHE_URL", environ={"CACHE_URL": "memcached://user:secret@cache:11211"})
    assert "secret" not in str(caught.value)
