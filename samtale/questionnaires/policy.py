"""Who may do what with preparation forms. One answer per question, in this file.

- Building, previewing and publishing forms: administrators and HR for the whole
  organisation (HR for a top unit). Everyone else gets a 404.
- Filling in and reading a response is decided by the conversation it belongs to
  (samtale.conversations.policy), never here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from samtale.org.policy import is_organisation_hr

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer


def can_manage_forms(viewer: Viewer) -> bool:
    return bool(viewer.is_authenticated) and (viewer.is_admin or is_organisation_hr(viewer))
