"""Follow-up conversations on request (opfølgende samtale): ``services`` (request, plan,
withdraw), ``queries`` (the requests and their derived state), ``reminders`` (to the
leader), ``emails``, ``forms`` and ``views``."""
