"""Prints the days `make test` runs the integration suite as of, relative to today: about a year
back, the Saturday before the next daylight-saving change in Sweden (last Sunday of March or
October), and a year ahead."""
import datetime

today = datetime.date.today()


def last_sunday(year, month):
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1) if month < 12 else datetime.date(year, 12, 31)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


changes = sorted(last_sunday(y, m) for y in (today.year, today.year + 1) for m in (3, 10))
next_change = next(d for d in changes if d > today + datetime.timedelta(days=1))
print(today - datetime.timedelta(days=400))
print(next_change - datetime.timedelta(days=1))
print(today + datetime.timedelta(days=365))
