"""Follow-up conversations on request (opfølgende samtale): ``services`` (request, plan,
withdraw, hand over), ``queries`` (the requests and their derived state), ``reminders``
(to the leader who holds the request), ``emails``, ``forms``, ``views`` and ``leaving``
(a leaving leader's waiting requests go to the successor)."""
