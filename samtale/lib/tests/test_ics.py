"""Invitations and feeds: parsed back with icalendar, as a calendar program would, and
their time zone with a second parser (python-dateutil's), which knows only the file."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from icalendar import Calendar

from samtale.lib.ics import (
    DANISH_TIME,
    CalendarError,
    CalendarEvent,
    feed,
    invitation,
    vtimezone,
)


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


def vtimezone_block(data: bytes) -> str:
    text = data.decode()
    return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]


def starts_read_with_dateutil(data: bytes) -> list[datetime]:
    """The start of every event, in the file's own Europe/Copenhagen: tz.tzical knows no
    zone but the file's VTIMEZONE. Read without icalendar."""
    text = data.decode()
    zone = tz.tzical(io.StringIO(text)).get("Europe/Copenhagen")
    assert zone is not None
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    starts = [
        datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        for value in re.findall(
            r"^DTSTART;TZID=Europe/Copenhagen:(\d{8}T\d{6})\r?$", unfolded, re.M
        )
    ]
    return starts


def test_a_second_parser_reads_summer_and_winter_time_from_the_vtimezone():
    summer = datetime(2026, 6, 15, 10, 0, tzinfo=DANISH_TIME)
    winter = datetime(2026, 12, 15, 10, 0, tzinfo=DANISH_TIME)
    for start, utc_hour in ((summer, 8), (winter, 9)):
        data = invitation(make_event(start=start, end=start + timedelta(hours=1)))
        assert "RDATE" not in vtimezone_block(data)
        starts = starts_read_with_dateutil(data)
        assert [s.astimezone(UTC) for s in starts] == [start.replace(hour=utc_hour, tzinfo=UTC)]


def test_vtimezone_has_yearly_rules_as_outlook_and_google_write_them():
    data = invitation(make_event())
    block = vtimezone_block(data)
    assert "RDATE" not in block
    # Summer time from the last Sunday of March, 02:00 -> 03:00; winter time from the
    # last Sunday of October, 03:00 -> 02:00 (both 01:00 UTC).
    daylight = (
        "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
        "TZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT"
    )
    standard = (
        "BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
        "TZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD"
    )
    assert daylight in block
    assert standard in block
    assert block.count("BEGIN:") == 3  # VTIMEZONE, DAYLIGHT, STANDARD: nothing else


def sundays_and_noons(first_year: int, last_year: int, *, sundays: bool = True):
    """Every noon, and every half hour of every Sunday (when clocks change), in UTC."""
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    while moment.year <= last_year:
        if sundays and moment.weekday() == 6:
            yield from (moment + timedelta(minutes=30 * n) for n in range(48))
        else:
            yield moment + timedelta(hours=12)
        moment += timedelta(days=1)


@pytest.mark.parametrize(
    ("tzid", "first_year", "last_year", "form"),
    [
        ("Europe/Copenhagen", 2025, 2029, "RRULE"),
        ("America/New_York", 2010, 2013, "RRULE"),  # 2nd Sunday of March, 1st of November
        ("Australia/Sydney", 2025, 2027, "RRULE"),  # summer time over New Year
        ("Asia/Tokyo", 2025, 2027, ""),  # no summer time: one STANDARD block
        ("America/New_York", 2005, 2008, "RDATE"),  # the rule changed in 2007
    ],
)
def test_vtimezone_agrees_with_the_time_zone_database(
    tzid: str, first_year: int, last_year: int, form: str
):
    text = vtimezone(tzid, first_year, last_year).to_ical().decode()
    assert ("RRULE" in text) is (form == "RRULE")
    assert ("RDATE" in text) is (form == "RDATE")
    parsed = tz.tzical(io.StringIO(text)).get(tzid)
    database = ZoneInfo(tzid)
    # icalendar's list of changes (RDATE) starts summer time an hour late: its DTSTART is
    # the local time after the change, where RFC 5545 wants the one before. Only noons.
    moments = sundays_and_noons(first_year, last_year, sundays=form != "RDATE")
    wrong = [
        moment
        for moment in moments
        if moment.astimezone(parsed).utcoffset() != moment.astimezone(database).utcoffset()
    ]
    assert wrong == []


def test_feed_vtimezone_is_read_by_the_second_parser_for_every_event():
    starts = [datetime(2027, month, 14, 10, 0, tzinfo=DANISH_TIME) for month in (1, 3, 4, 10, 11)]
    events = [
        make_event(
            uid=f"conversation-{s.month}@samtale.example", start=s, end=s + timedelta(hours=1)
        )
        for s in starts
    ]
    data = feed(events, "Samtaler")
    assert "RDATE" not in vtimezone_block(data)
    read = starts_read_with_dateutil(data)
    assert [s.astimezone(UTC).hour for s in read] == [9, 9, 8, 8, 9]


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
