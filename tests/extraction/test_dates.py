"""Jalali and Arabic dates with the right offsets; relative times; metadata formats."""

from datetime import datetime, timezone

import pytest

from crawler.extraction.dates import http_date, parse_meta_date, parse_text_date, zone

TEHRAN = zone("Asia/Tehran")


@pytest.mark.parametrize("raw,expected", [
    ("۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶", "2023-04-25T21:46:00+03:30"),
    ("صدا و سیما سه شنبه 05 اردیبهشت 1402 - 21:46", "2023-04-25T21:46:00+03:30"),
    ("٥ ارديبهشت ١٤٠٢ - ٢١:٤٦", "2023-04-25T21:46:00+03:30"),  # Arabic-Indic digits, Arabic yeh
    ("1402/02/05", "2023-04-25"),
    ("۱۴۰۲/۰۲/۰۵ - ۲۱:۴۶", "2023-04-25T21:46:00+03:30"),
    ("سه‌شنبه ۱۵ فروردین ۱۴۰۲ ساعت ۱۸:۰۵", "2023-04-04T18:05:00+03:30"),
    ("۱ فروردین ۱۴۰۱ ۱۰:۰۰", "2022-03-21T10:00:00+03:30"),  # summer time began at the end of 1 Farvardin
    ("۲ فروردین ۱۴۰۱ ۱۰:۰۰", "2022-03-22T10:00:00+04:30"),  # Iran summer time, last year it applied
    ("1402/02/05 ه.ش", "2023-04-25"),
    ("۳۰ شهریور ۱۴۰۰ ۱۲:۰۰", "2021-09-21T12:00:00+04:30"),
    ("۳۱ شهریور ۱۴۰۰ ۱۲:۰۰", "2021-09-22T12:00:00+03:30"),
    ("۱ فروردین ۱۴۰۲ ۱۰:۰۰", "2023-03-21T10:00:00+03:30"),  # no DST since 2022
    ("۱۰ دی ۱۴۰۱", "2022-12-31"),
])
def test_jalali(raw, expected):
    assert parse_text_date(raw, TEHRAN, "jalali") == expected


@pytest.mark.parametrize("raw,expected", [
    ("الثلاثاء 25 أبريل 2023 - 04:30 م", "2023-04-25T16:30:00+02:00"),
    ("25 نيسان 2023 09:15", "2023-04-25T09:15:00+02:00"),
    ("3 و4 أبريل/ نيسان 2023", "2023-04-04"),
    ("25 أبريل/ نيسان 2023", "2023-04-25"),
    ("1 كانون الثاني 2023", "2023-01-01"),
    ("15 تشرين الأول 2022 11:00 ص", "2022-10-15T11:00:00+02:00"),
    ("1 مايو 2023 10:00", "2023-05-01T10:00:00+03:00"),  # Egypt restored summer time on 28 April 2023
    ("12 جويلية 2023", "2023-07-12"),
    ("April 25, 2023 10:00 PM", "2023-04-25T22:00:00+02:00"),
    ("25/04/2023 14:05", "2023-04-25T14:05:00+02:00"),
])
def test_arabic_gregorian(raw, expected):
    assert parse_text_date(raw, zone("Africa/Cairo"), "gregorian") == expected


def test_hijri_is_not_mistaken_for_jalali():
    assert parse_text_date("١٥ شوال ١٤٤٤ هـ", zone("Asia/Riyadh"), "gregorian") is None
    assert parse_text_date("1444/10/05 هـ", zone("Asia/Riyadh"), "jalali") is None
    assert parse_text_date("1444/10/05", zone("Asia/Riyadh"), "gregorian") is None
    assert parse_text_date("۱۴۴۴/۱۰/۰۵ ه.ق", TEHRAN, "jalali") is None


@pytest.mark.parametrize("raw,expected", [
    ("منذ 3 ساعات", "2023-04-25T15:00:00+03:00"),
    ("منذ ساعتين", "2023-04-25T16:00:00+03:00"),
    ("قبل 5 دقائق", "2023-04-25T17:55:00+03:00"),
    ("۲ ساعت پیش", "2023-04-25T16:00:00+03:00"),
    ("۱۰ دقیقه قبل", "2023-04-25T17:50:00+03:00"),
    ("3 hours ago", "2023-04-25T15:00:00+03:00"),
])
def test_relative_times_need_a_reference(raw, expected):
    ref = datetime(2023, 4, 25, 15, 0, tzinfo=timezone.utc)
    assert parse_text_date(raw, zone("Asia/Riyadh"), reference=ref) == expected
    assert parse_text_date(raw, zone("Asia/Riyadh")) is None


@pytest.mark.parametrize("raw,expected", [
    ("2023-04-25T21:46:00+04:30", "2023-04-25T21:46:00+04:30"),
    ("2023-04-25T17:16:00Z", "2023-04-25T17:16:00+00:00"),
    ("2023-04-25T18:03:00+0100", "2023-04-25T18:03:00+01:00"),
    ("2023-04-25 21:46", "2023-04-25T21:46:00+03:30"),
    ("2023-04-25", "2023-04-25"),
    ("20230425", "2023-04-25"),
    ("Tue, 25 Apr 2023 17:16:00 GMT", "2023-04-25T17:16:00+00:00"),
    ("1402-02-05 22:31", "2023-04-25T22:31:00+03:30"),  # Jalali in a datetime attribute
    ("۱۴۰۲/۰۲/۰۵ ۲۱:۴۶", "2023-04-25T21:46:00+03:30"),
    ("not a date", None),
    ("0001-01-01T00:00:00", None),
])
def test_meta_dates(raw, expected):
    assert parse_meta_date(raw, TEHRAN, "jalali") == expected


def test_jalali_year_in_metadata_of_a_gregorian_site_is_not_a_date():
    assert parse_meta_date("1444-10-05", zone("Asia/Riyadh"), "gregorian") is None


def test_http_date():
    assert http_date("Tue, 25 Apr 2023 15:00:00 GMT") == datetime(2023, 4, 25, 15, tzinfo=timezone.utc)
    assert http_date("garbage") is None and http_date(None) is None


@pytest.mark.parametrize("raw,expected", [
    ("دیروز ۱۰:۳۰", "2023-04-24T10:30:00+03:30"),
    ("امروز - ۰۸:۱۵", "2023-04-25T08:15:00+03:30"),
    ("أمس", "2023-04-24"),
])
def test_today_and_yesterday(raw, expected):
    ref = datetime(2023, 4, 25, 15, 0, tzinfo=timezone.utc)
    assert parse_text_date(raw, TEHRAN, "jalali", reference=ref) == expected


@pytest.mark.parametrize("raw,expected", [
    ("25.04.2023 | 19:12 GMT", "2023-04-25T19:12:00+00:00"),
    ("25 أبريل 2023 - 18:04 بتوقيت أبوظبي", "2023-04-25T18:04:00+04:00"),
    ("25/4/2023 - 01:05 PM (بتوقيت مكة المكرمة)", "2023-04-25T13:05:00+03:00"),
    ("13:20 (مكة المكرمة) 25/4/2023", "2023-04-25T13:20:00+03:00"),
])
def test_zone_named_after_the_clock_beats_the_site_zone(raw, expected):
    assert parse_text_date(raw, TEHRAN) == expected


def test_utc_metadata_in_the_site_zone():
    from crawler.extraction.dates import to_zone

    assert to_zone("2023-04-25T17:16:23+00:00", TEHRAN) == "2023-04-25T20:46:23+03:30"
    assert to_zone("2021-06-05T14:00:00+00:00", TEHRAN) == "2021-06-05T18:30:00+04:30"  # summer time then
    assert to_zone("2023-07-10T11:25:00+04:30", TEHRAN) == "2023-07-10T10:25:00+03:30"  # stale tz data
    assert to_zone("2021-07-10T11:25:00+04:30", TEHRAN) == "2021-07-10T11:25:00+04:30"  # summer time then
    assert to_zone("2023-04-25T12:00:00", TEHRAN) == "2023-04-25T12:00:00"
    assert to_zone("2023-04-25", TEHRAN) == "2023-04-25"
    assert to_zone("2023-04-25T17:16:23+00:00", None) == "2023-04-25T17:16:23+00:00"


@pytest.mark.parametrize("url,calendar,expected", [
    ("https://www.aljazeera.net/news/2023/4/25/slug", "gregorian", "2023-04-25"),
    ("https://www.youm7.com/story/2023/4/25/وزير-التموين/6139045", "gregorian", "2023-04-25"),
    ("https://site.example/2023-04-25-some-slug", "gregorian", "2023-04-25"),
    ("https://www.tasnimnews.com/fa/news/1400/03/15/2518463/slug", "jalali", "2021-06-05"),
    ("https://www.tasnimnews.com/fa/news/1400/03/15/2518463/slug", "gregorian", None),
    ("https://www.irna.ir/news/85093847/slug", "jalali", None),
    ("https://site.example/2023/13/45/slug", "gregorian", None),
])
def test_url_date(url, calendar, expected):
    from crawler.extraction.dates import url_date

    assert url_date(url, calendar) == expected


@pytest.mark.parametrize("raw,expected", [
    ("25 أبريل، 2023 - 09:46 م", "2023-04-25T21:46:00+02:00"),  # Arabic comma before the year
    ("الثلاثاء 25 من أبريل 2023", "2023-04-25"),
    ("الأربعاء 3 مايو 2023 الساعة 10:30 صباحاً", "2023-05-03T10:30:00+03:00"),  # Egypt's summer time from 28 April 2023
])
def test_arabic_date_spellings(raw, expected):
    assert parse_text_date(raw, zone("Africa/Cairo")) == expected
