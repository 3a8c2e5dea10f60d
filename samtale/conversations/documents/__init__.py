"""Documents attached to a conversation, and the link to last year's conversation.

``services`` attaches and deletes them, ``queries`` reads them, ``views`` serves the
pages (the list and the form are the documents panel of the conversation page).

Who may do what (the rules, against the viewer):

- The participants (and nobody else: not HR, not the leader's chief, not an
  administrator) see the list and download a document. A download by anyone but the
  uploader is a read of conversation content and goes into the read log.
- Every participant attaches documents while the conversation is open (not closed or
  cancelled). For a LUS these are the strategic documents: the leader's job description,
  the municipality's quality report, wellbeing results, last year's development plan.
- The uploader deletes their own document while the conversation is open.

What may be attached: PDF, DOCX and XLSX, judged by the content (samtale.lib.filetypes),
never by the file name or the type the browser declares, at most
``SAMTALE_DOCUMENT_MAX_MB`` MB. Files live under ``MEDIA_ROOT/conversation-documents``
with random names and have no URL (samtale.lib.storage).

Beside the documents, a MUS or LUS links to the previous conversation of the same kind
between the same people that has an accepted summary (``previous_of_same_kind``); last
year's development plan itself is shown by the development-plan panel
(``samtale.development``).
"""
