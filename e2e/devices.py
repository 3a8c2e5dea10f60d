"""The screens the browser tests run on: a desktop window (Playwright's default, 1280 x
720) and a phone (390 x 844, touch, a mobile viewport: how many employees without a
desk open their invitation).

The ``page`` fixture reads the ``device`` fixture, "desktop" unless a test asks for
more with one of these marks::

    @on_desktop_and_phone
    def test_journey(page, personas): ...        # runs as test_journey[desktop], [phone]

    @on_phone
    def test_menu(page, personas): ...

A test with its own parameters names the device among them (``indirect=["device"]``).
"""

from __future__ import annotations

from typing import Any

import pytest

DESKTOP = "desktop"
PHONE = "phone"

# Options for Browser.new_context per device.
CONTEXT_OPTIONS: dict[str, dict[str, Any]] = {
    DESKTOP: {},
    PHONE: {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}

on_desktop_and_phone = pytest.mark.parametrize("device", [DESKTOP, PHONE], indirect=True)
on_phone = pytest.mark.parametrize("device", [PHONE], indirect=True)
