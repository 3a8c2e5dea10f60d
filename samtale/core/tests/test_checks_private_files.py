"""The system check that keeps uploaded documents out of the static files."""

from samtale.core.checks import check_private_files


def test_media_inside_static_is_refused(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    assert [e.id for e in check_private_files()] == ["samtale.E010"]


def test_media_outside_static_is_fine(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    assert check_private_files() == []


def test_the_default_configuration_passes():
    assert check_private_files() == []


def test_document_limit_must_be_positive(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    settings.SAMTALE_DOCUMENT_MAX_MB = 0
    assert [e.id for e in check_private_files()] == ["samtale.E011"]
