"""Invitations and feeds: parsed back with icalendar, as a calendar program would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from samtale.lib.ics import DANISH_TIME, CalendarError, CalendarEvent, feed, invitation


def make_event(**changes: object) -> CalendarEvent:
    values: dict[str, object] = {
        "uid": "conversation-42@samtale.example",
        "sequence": 0,
        "start": datetime(2026, 7, 1, 10, 0, tzinfo=DANISH_TIME),
        "end": datetime(2026, 7, 1, 10, 30, tzinfo=DANISH_TIME),
        "summary": "MUS: Søren Ærø og Åse Øby",
        "description": "Forberedelse før mødet.\nHusk udviklingsplanen.",
        "location": "Mødelokale Æblehaven",
        "url": "https://samtale.example/samtaler/42/",
        "organizer": ("Lene Larsen", "lene@example.dk"),
        "attendees": [("Søren Ærø", "soren@example.dk"), ("Lene Larsen", "lene@example.dk")],
    }
    values.update(changes)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def parse(data: bytes) -> Calendar:
    assert isinstance(data, bytes)
    return Calendar.from_ical(data)


def only_event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_request_has_every_property():
    stamp = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    calendar = parse(invitation(make_event(), stamp=stamp))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Samtale//Samtale//DA"
    assert calendar["METHOD"] == "REQUEST"
    event = only_event(calendar)
    assert event["UID"] == "conversation-42@samtale.example"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTAMP") == stamp
    assert event["SUMMARY"] == "MUS: Søren Ærø og Åse Øby"
    assert event["DESCRIPTION"] == "Forberedelse før mødet.\nHusk udviklingsplanen."
    assert event["LOCATION"] == "Mødelokale Æblehaven"
    assert event["URL"] == "https://samtale.example/samtaler/42/"
    assert event["STATUS"] == "CONFIRMED"

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:lene@example.dk"
    assert organizer.params["CN"] == "Lene Larsen"

    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:soren@example.dk", "mailto:lene@example.dk"]
    first = attendees[0].params
    assert first["CN"] == "Søren Ærø"
    assert first["ROLE"] == "REQ-PARTICIPANT"
    assert first["PARTSTAT"] == "NEEDS-ACTION"
    assert first["RSVP"] == "TRUE"


def test_times_are_in_danish_time_with_a_vtimezone():
    data = invitation(make_event())
    assert b"DTSTART;TZID=Europe/Copenhagen:20260701T100000" in data
    assert b"DTEND;TZID=Europe/Copenhagen:20260701T103000" in data

    calendar = parse(data)
    timezones = calendar.walk("VTIMEZONE")
    assert [tz["TZID"] for tz in timezones] == ["Europe/Copenhagen"]
    assert calendar.get_missing_tzids() == set()
    # The VTIMEZONE comes before the event that uses it.
    assert calendar.subcomponents.index(timezones[0]) < calendar.subcomponents.index(
        only_event(calendar)
    )
    event = only_event(calendar)
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"


@pytest.mark.parametrize(
    ("month", "utc_hour", "offset"),
    [(7, 8, 2), (1, 9, 1)],  # summer time UTC+2, winter time UTC+1
)
def test_summer_and_winter_time(month: int, utc_hour: int, offset: int):
    start = datetime(2027, month, 14, 10, 0, tzinfo=DANISH_TIME)
    calendar = parse(invitation(make_event(start=start, end=start + timedelta(hours=1))))
    event = only_event(calendar)
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(
        2027, month, 14, utc_hour, 0, tzinfo=UTC
    )
    assert event.decoded("DTEND").astimezone(UTC) == datetime(
        2027, month, 14, utc_hour + 1, 0, tzinfo=UTC
    )
    # The VTIMEZONE alone (without Python's zoneinfo) gives the same offset: a calendar
    # program that only reads the file must agree.
    vtimezone = calendar.timezones[0].to_tz()
    local = datetime(2027, month, 14, 10, 0).replace(tzinfo=vtimezone)
    assert local.utcoffset() == timedelta(hours=offset)


def test_start_given_in_utc_is_written_in_danish_time():
    start = datetime(2027, 1, 14, 9, 0, tzinfo=UTC)
    data = invitation(make_event(start=start, end=start + timedelta(minutes=30)))
    assert b"DTSTART;TZID=Europe/Copenhagen:20270114T100000" in data


def test_cancel_keeps_the_uid_and_raises_the_sequence():
    request = only_event(parse(invitation(make_event(sequence=1))))
    cancel_calendar = parse(invitation(make_event(sequence=2), method="CANCEL"))
    cancel = only_event(cancel_calendar)

    assert cancel_calendar["METHOD"] == "CANCEL"
    assert cancel["UID"] == request["UID"]
    assert cancel["SEQUENCE"] > request["SEQUENCE"]
    assert cancel["STATUS"] == "CANCELLED"
    assert "RSVP" not in cancel["ATTENDEE"][0].params
    assert cancel_calendar.walk("VTIMEZONE")


def test_reschedule_is_a_request_with_a_higher_sequence():
    later = datetime(2026, 7, 2, 13, 0, tzinfo=DANISH_TIME)
    event = only_event(
        parse(invitation(make_event(sequence=3, start=later, end=later + timedelta(hours=1))))
    )
    assert event["SEQUENCE"] == 3
    assert event["UID"] == "conversation-42@samtale.example"


def test_publish_is_the_organisers_copy_without_attendees():
    """The organiser's own copy: the same event (UID, SEQUENCE, time, organiser), no
    attendees and nothing to answer, so the organiser's calendar files it as theirs."""
    request = only_event(parse(invitation(make_event(sequence=2))))
    publish_calendar = parse(invitation(make_event(sequence=2), method="PUBLISH"))
    published = only_event(publish_calendar)

    assert publish_calendar["METHOD"] == "PUBLISH"
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS"):
        assert published[name] == request[name], name
    assert str(published["ORGANIZER"]) == "mailto:lene@example.dk"
    assert "ATTENDEE" not in published
    assert publish_calendar.walk("VTIMEZONE")


def test_minimal_event_without_people_or_extras():
    calendar = parse(invitation(make_event(organizer=None, attendees=[], description="", url="")))
    event = only_event(calendar)
    assert "ORGANIZER" not in event
    assert "ATTENDEE" not in event
    assert "DESCRIPTION" not in event
    assert "URL" not in event


def test_feed_has_every_event_and_no_method():
    first = make_event()
    second = make_event(
        uid="conversation-43@samtale.example",
        start=datetime(2027, 1, 10, 9, 0, tzinfo=DANISH_TIME),
        end=datetime(2027, 1, 10, 10, 0, tzinfo=DANISH_TIME),
        summary="GRUS: Team Ærø",
        status="CANCELLED",
    )
    calendar = parse(feed([first, second], "Søren Ærøs samtaler"))

    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "Søren Ærøs samtaler"
    events: list[Any] = calendar.walk("VEVENT")
    assert [e["UID"] for e in events] == [first.uid, second.uid]
    assert [e["STATUS"] for e in events] == ["CONFIRMED", "CANCELLED"]
    assert events[1]["SUMMARY"] == "GRUS: Team Ærø"
    assert "RSVP" not in events[0]["ATTENDEE"][0].params
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_empty_feed_is_still_a_calendar():
    calendar = parse(feed([], "Ingen samtaler"))
    assert calendar.walk("VEVENT") == []
    assert calendar["VERSION"] == "2.0"


@pytest.mark.parametrize(
    "changes",
    [
        {"start": datetime(2026, 7, 1, 10, 0)},
        {"end": datetime(2026, 7, 1, 9, 0, tzinfo=DANISH_TIME)},
        {"uid": ""},
        {"sequence": -1},
    ],
)
def test_invalid_events_are_refused(changes: dict[str, object]):
    with pytest.raises(CalendarError):
        make_event(**changes)


def test_unknown_method_is_refused():
    with pytest.raises(CalendarError):
        invitation(make_event(), method="REPLY")  # type: ignore[arg-type]
