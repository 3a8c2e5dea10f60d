"""Danish dates and times as Danish writes them (Retskrivningsordbogen: "kl. 14.00"):
"25. november 2026", "25. november 2026 kl. 14.00", "onsdag 25. november 2026, 14.00".
Input formats stay Django's: the forms' time fields are <input type="time">, which sends
14:00."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j. F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"

# Our own names (samtale.formats.OWN_FORMATS).
LONG_DATE_FORMAT = "l j. F Y"
LONG_DATETIME_FORMAT = "l j. F Y, H.i"
MONTH_DAY_TIME_FORMAT = "j. F H.i"
