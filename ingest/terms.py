"""Calendar facts of the National Assembly that the minutes do not print: which term (대) a date is in."""

from datetime import date

# First day of each Assembly term (대). A term runs until the day before the next one starts.
TERM_STARTS: list[tuple[int, date]] = [
    (16, date(2000, 5, 30)),
    (17, date(2004, 5, 30)),
    (18, date(2008, 5, 30)),
    (19, date(2012, 5, 30)),
    (20, date(2016, 5, 30)),
    (21, date(2020, 5, 30)),
    (22, date(2024, 5, 30)),
]


def assembly_term_on(day: date) -> int | None:
    term = None
    for number, start in TERM_STARTS:
        if day >= start:
            term = number
    return term
