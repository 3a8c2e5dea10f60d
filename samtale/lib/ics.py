"""iCalendar (RFC 5545) invitations and calendar feeds.

``invitation(event)`` makes the ``text/calendar`` part of an invitation e-mail
(iTIP, RFC 5546): ``METHOD:REQUEST`` to invite or reschedule (same ``UID``, higher
``SEQUENCE``), ``METHOD:CANCEL`` to cancel. ``feed(events, name)`` makes a calendar a
person subscribes to (no ``METHOD``). Times are written in Danish time
(``TZID=Europe/Copenhagen``) with a matching ``VTIMEZONE``, so every calendar shows
summer and winter time right.

The ``VTIMEZONE`` is written as Outlook and Google write theirs: one ``STANDARD`` and one
``DAYLIGHT`` block, each repeating yearly (``RRULE``, e.g. the last Sunday of March),
not a list of every change (``RDATE``), which Outlook is known to read an hour wrong.
The rule is read from the time zone database, not written by hand, and checked against
it for the years the events fall in (``vtimezone``).

``invitation(event, "PUBLISH")`` is the organiser's own copy: the event with its
organiser and no attendees, nothing to answer.

This module knows no domain model: the caller describes each event with a
``CalendarEvent``.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
)

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
    """Insert the VTIMEZONE for Danish time, checked for the years the events fall in."""
    if not events:
        return
    first = min(e.start for e in events).astimezone(DANISH_TIME).year - 1
    last = max(e.end for e in events).astimezone(DANISH_TIME).year + 1
    calendar.subcomponents.insert(0, Timezone.from_ical(_timezone_ical(TZID, first, last)))


@lru_cache(maxsize=32)
def _timezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    # Scanning the years takes a moment: cache the text, hand out fresh copies.
    return vtimezone(tzid, first_year, last_year).to_ical()


def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``tzid`` (an IANA name), right for ``first_year`` to ``last_year``.

    When the zone changes its clocks by the same yearly rule in each of these years (the
    same month, the same n-th or last weekday, the same time), it is written with that
    rule, starting in 1970 as Outlook and Google do: ``DTSTART`` is the local time the
    clocks show just before they change (02:00 in March, 03:00 in October for Danish
    time). Like theirs, it describes today's rule, not the zone's history before these
    years. A zone without changes gets one ``STANDARD`` block. If the rule differs
    between the years (the zone changed its rules), icalendar lists every change
    (``RDATE``).
    """
    zone = ZoneInfo(tzid)
    years = [tuple(_changes(zone, year)) for year in range(first_year, last_year + 1)]
    if len(set(years)) != 1:
        return Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
        )
    timezone = Timezone()
    timezone.add("TZID", tzid)
    if not years[0]:
        moment = datetime(first_year, 1, 1, tzinfo=zone)
        standard = TimezoneStandard()
        standard.add("DTSTART", datetime(1970, 1, 1))
        standard.add("TZNAME", moment.tzname())
        standard.add("TZOFFSETFROM", moment.utcoffset())
        standard.add("TZOFFSETTO", moment.utcoffset())
        timezone.add_component(standard)
    for change in years[0]:
        block = TimezoneDaylight() if change.daylight else TimezoneStandard()
        day = _nth_weekday(1970, change.month, change.weekday, change.nth)
        block.add("DTSTART", datetime.combine(day, change.wall_time))
        byday = f"{change.nth}{_WEEKDAYS[change.weekday]}"
        block.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": change.month, "BYDAY": byday})
        block.add("TZNAME", change.name)
        block.add("TZOFFSETFROM", change.offset_from)
        block.add("TZOFFSETTO", change.offset_to)
        timezone.add_component(block)
    return timezone


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class _Change(NamedTuple):
    """One change of a zone's clocks, without its year: equal in every year, a yearly rule
    fits. The day is the n-th weekday of the month, or -1 for the last one (preferred: the
    last Sunday of March is sometimes the 4th, sometimes the 5th)."""

    month: int
    weekday: int  # 0 = Monday
    nth: int  # 1-4, or -1 for the last
    wall_time: time  # what the clocks show just before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def _state(zone: ZoneInfo, moment: datetime) -> tuple[object, ...]:
    local = moment.astimezone(zone)
    return (local.utcoffset(), local.tzname(), local.dst())


def _changes(zone: ZoneInfo, year: int) -> list[_Change]:
    """Every change of the zone's clocks in a year (UTC), found to the minute."""
    changes = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        before, after = day, day + timedelta(days=1)
        if _state(zone, before) != _state(zone, after):
            low, high = 0, 24 * 60  # minutes after ``before``: the change is in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                if _state(zone, before + timedelta(minutes=middle)) == _state(zone, before):
                    low = middle
                else:
                    high = middle
            moment = before + timedelta(minutes=high)
            old, new = (moment - timedelta(minutes=1)).astimezone(zone), moment.astimezone(zone)
            offset_from, offset_to = old.utcoffset(), new.utcoffset()
            assert offset_from is not None and offset_to is not None  # a ZoneInfo always has one
            wall = (moment + offset_from).replace(tzinfo=None)
            last = (wall + timedelta(days=7)).month != wall.month
            changes.append(
                _Change(
                    month=wall.month,
                    weekday=wall.weekday(),
                    nth=-1 if last else (wall.day - 1) // 7 + 1,
                    wall_time=wall.time(),
                    offset_from=offset_from,
                    offset_to=offset_to,
                    name=new.tzname() or "",
                    daylight=bool(new.dst()),
                )
            )
        day = after
    return changes


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-4, or -1 for the last) ``weekday`` (0 = Monday) of a month."""
    if nth < 0:
        last = date(year, month, gregorian.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
