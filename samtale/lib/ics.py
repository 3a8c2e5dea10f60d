"""iCalendar (RFC 5545) invitations and calendar feeds.

``invitation(event)`` makes the ``text/calendar`` part of an invitation e-mail
(iTIP, RFC 5546): ``METHOD:REQUEST`` to invite or reschedule (same ``UID``, higher
``SEQUENCE``), ``METHOD:CANCEL`` to cancel. ``feed(events, name)`` makes a calendar a
person subscribes to (no ``METHOD``). Times are written in Danish time
(``TZID=Europe/Copenhagen``) with a matching ``VTIMEZONE``, so every calendar shows
summer and winter time right.

``invitation(event, "PUBLISH")`` is the organiser's own copy: the event with its
organiser and no attendees, nothing to answer.

This module knows no domain model: the caller describes each event with a
``CalendarEvent``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration

TZID = "Europe/Copenhagen"
DANISH_TIME = ZoneInfo(TZID)
PRODID = "-//Samtale//Samtale//DA"

Method = Literal["REQUEST", "CANCEL", "PUBLISH"]
Status = Literal["CONFIRMED", "TENTATIVE", "CANCELLED"]
# (name, e-mail address)
Person = tuple[str, str]


class CalendarError(ValueError):
    """The event cannot be written as asked (naive times, end before start, ...)."""


@dataclass(frozen=True)
class CalendarEvent:
    """One event as the calendar should show it.

    ``uid`` must stay the same for the life of the event (e.g. ``conversation-42@host``);
    ``sequence`` must grow with every change the attendees should see (a new time,
    place, or the cancellation). ``start`` and ``end`` are aware datetimes in any zone.
    """

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""
    organizer: Person | None = None
    attendees: Sequence[Person] = field(default_factory=tuple)
    status: Status = "CONFIRMED"

    def __post_init__(self) -> None:
        if not self.uid:
            raise CalendarError("An event needs a UID.")
        if self.sequence < 0:
            raise CalendarError("SEQUENCE cannot be negative.")
        for name, value in (("start", self.start), ("end", self.end)):
            if value.tzinfo is None or value.utcoffset() is None:
                raise CalendarError(f"The event's {name} must be an aware datetime.")
        if self.end < self.start:
            raise CalendarError("The event ends before it starts.")


def invitation(
    event: CalendarEvent, method: Method = "REQUEST", *, stamp: datetime | None = None
) -> bytes:
    """The calendar object of an invitation (``REQUEST``), a cancellation (``CANCEL``) or
    the organiser's own copy (``PUBLISH``).

    For ``CANCEL`` the event's status is written as ``CANCELLED`` whatever it says; the
    caller should pass a higher ``sequence`` than in the last ``REQUEST``. ``PUBLISH``
    leaves the attendees out, as RFC 5546 (3.2.1) asks: it is not an invitation to
    answer, only the event for the organiser's calendar. The organiser updates it with
    another ``PUBLISH`` (same ``UID``, higher ``SEQUENCE``) and removes it with ``CANCEL``.
    """
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise CalendarError(f"Unsupported METHOD {method!r}: use REQUEST, CANCEL or PUBLISH.")
    if method == "PUBLISH":
        event = replace(event, attendees=())
    calendar = _calendar(method=method)
    status: Status = "CANCELLED" if method == "CANCEL" else event.status
    calendar.add_component(_vevent(event, status=status, rsvp=method == "REQUEST", stamp=stamp))
    _add_timezone(calendar, [event])
    return calendar.to_ical()


def feed(events: Iterable[CalendarEvent], name: str, *, stamp: datetime | None = None) -> bytes:
    """A calendar to subscribe to: every event, no ``METHOD``, asked to refresh hourly."""
    events = list(events)
    calendar = _calendar(method=None)
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(timedelta(hours=1)))
    for event in events:
        calendar.add_component(_vevent(event, status=event.status, rsvp=False, stamp=stamp))
    _add_timezone(calendar, events)
    return calendar.to_ical()


def _calendar(*, method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    return calendar


def _address(person: Person, *, role: str | None, rsvp: bool) -> vCalAddress:
    name, email = person
    return vCalAddress.new(
        email,
        cn=name or None,
        role=role,
        partstat="NEEDS-ACTION" if role else None,
        rsvp=True if rsvp else None,
    )


def _vevent(event: CalendarEvent, *, status: Status, rsvp: bool, stamp: datetime | None) -> Event:
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("DTSTAMP", (stamp or datetime.now(UTC)).astimezone(UTC))
    vevent.add("DTSTART", event.start.astimezone(DANISH_TIME))
    vevent.add("DTEND", event.end.astimezone(DANISH_TIME))
    vevent.add("SUMMARY", event.summary)
    if event.description:
        vevent.add("DESCRIPTION", event.description)
    if event.location:
        vevent.add("LOCATION", event.location)
    if event.url:
        vevent.add("URL", event.url)
    if event.organizer is not None:
        vevent.add("ORGANIZER", _address(event.organizer, role=None, rsvp=False))
    for attendee in event.attendees:
        vevent.add("ATTENDEE", _address(attendee, role="REQ-PARTICIPANT", rsvp=rsvp))
    vevent.add("STATUS", status)
    vevent.add("TRANSP", "TRANSPARENT" if status == "CANCELLED" else "OPAQUE")
    return vevent


def _add_timezone(calendar: Calendar, events: Sequence[CalendarEvent]) -> None:
    """Insert the VTIMEZONE for Danish time, covering the years the events fall in."""
    if not events:
        return
    first = min(e.start for e in events).astimezone(DANISH_TIME).year - 1
    last = max(e.end for e in events).astimezone(DANISH_TIME).year + 2
    calendar.subcomponents.insert(0, Timezone.from_ical(_timezone_ical(first, last)))


@lru_cache(maxsize=32)
def _timezone_ical(first_year: int, last_year: int) -> bytes:
    # Computing a VTIMEZONE takes a while: cache its text, hand out fresh copies.
    timezone = Timezone.from_tzid(
        TZID, first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )
    return timezone.to_ical()
