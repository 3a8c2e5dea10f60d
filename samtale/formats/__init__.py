"""How dates and times are written in each language (settings.FORMAT_MODULE_PATH).

Danish writes "25. november 2026", English "25 November 2026"; both use the 24-hour
clock. Templates and code name a format instead of spelling one out:
``{{ value|date:"DATE_FORMAT" }}``, ``date_format(value, "LONG_DATETIME_FORMAT")``.
Besides Django's own names (DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT, ...) each
language defines ours, in ``OWN_FORMATS``; Django looks every name up in these modules
first, so each language must define all of them.
"""

# Our own format names, defined by every language here.
OWN_FORMATS = ("LONG_DATE_FORMAT", "LONG_DATETIME_FORMAT", "MONTH_DAY_TIME_FORMAT")
