"""The preparation forms hold no one's data but the filled-in forms (``Response``,
``Answer``), which are conversation content: the conversations app exports, erases and
expires them with the preparations they belong to (``samtale.conversations.privacy``).
A form version's publisher is a login, which goes with the login."""

from __future__ import annotations

from samtale.core.personal_data import COVERED, NO_PERSONAL_DATA, Holding

HOLDING = Holding(
    app="questionnaires",
    models={
        "questionnaires.Questionnaire": NO_PERSONAL_DATA,
        "questionnaires.QuestionnaireVersion": NO_PERSONAL_DATA,
        "questionnaires.Section": NO_PERSONAL_DATA,
        "questionnaires.Question": NO_PERSONAL_DATA,
        "questionnaires.Response": COVERED,
        "questionnaires.Answer": COVERED,
    },
)
