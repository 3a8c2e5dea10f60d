"""Browser tests: Playwright driving Debian's Chromium, axe-core on every page."""
