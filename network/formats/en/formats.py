"""English as an international network writes it, like UNESCO's English publications: "6 January 2027",
"6 January 2027, 15:00", "06/01/2027"; day before month and the 24-hour clock, as in Spanish and Portuguese.
Django's own English formats are American ("Jan. 6, 2027, 3 p.m.", "01/06/2027").

Dates typed in a form are read the same way round (06/01/2027 is 6 January); ISO dates stay first, so a date
field shows and accepts 2027-01-06 as before.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2027-01-06'
    "%d/%m/%Y",  # '06/01/2027'
    "%d/%m/%y",  # '06/01/27'
    "%d %b %Y",  # '6 Jan 2027'
    "%d %B %Y",  # '6 January 2027'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2027-01-06 15:00:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2027-01-06 15:00:59.000200'
    "%Y-%m-%d %H:%M",  # '2027-01-06 15:00'
    "%d/%m/%Y %H:%M:%S",  # '06/01/2027 15:00:59'
    "%d/%m/%Y %H:%M:%S.%f",  # '06/01/2027 15:00:59.000200'
    "%d/%m/%Y %H:%M",  # '06/01/2027 15:00'
    "%d/%m/%y %H:%M:%S",  # '06/01/27 15:00:59'
    "%d/%m/%y %H:%M:%S.%f",  # '06/01/27 15:00:59.000200'
    "%d/%m/%y %H:%M",  # '06/01/27 15:00'
]
