"""English dates, as an organisation in Denmark writes them in English: day before month
and the 24-hour clock. "25 November 2026", "Wednesday 25 November 2026, 14:00",
"25/11/2026". Input formats stay Django's."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

# Our own names (samtale.formats.OWN_FORMATS).
LONG_DATE_FORMAT = "l j F Y"
LONG_DATETIME_FORMAT = "l j F Y, H:i"
MONTH_DAY_TIME_FORMAT = "j F H:i"
