"""Settings and spider arguments checked before a crawl fetches anything.

``scrapy crawl`` and ``scrapy replay`` (crawler/commands) call
:func:`check_settings` and :func:`check_spider_arguments`; each problem found
becomes one line of a single ``UsageError`` (exit status 2), so
``-s WARC_MAX_SIZE=abc`` or ``-a bogus=1`` stops a cron job loudly instead of
ending with status 0 and nothing archived.

- ``SETTING_TYPES``: Khabar's settings and the Scrapy settings a user is
  likely to pass with ``-s``, each with the kind of value it needs.  Values
  are checked the way Scrapy's ``getint``/``getfloat``/``getbool`` read them.
- A ``KHABAR_*`` or ``WARC_*`` setting that is neither in that table nor
  defined in the project's settings module is a typo: unknown.
- A spider's arguments are the keyword parameters of its ``__init__`` and of
  its parents' (read with ``inspect``, up to ``scrapy.Spider``), plus the few
  spider attributes Scrapy itself reads (``SCRAPY_SPIDER_ARGUMENTS``).
"""

from __future__ import annotations

import difflib
import inspect
import re
from typing import Any, Callable, Iterable, Optional

import scrapy
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

Check = Callable[[Any], Optional[str]]  # value -> what is wrong with it, or None

CHECKED_PREFIXES = ("KHABAR_", "WARC_", "REQUISITE_")
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def _number(kind: type, minimum: Optional[float], above: bool = False) -> Check:
    noun = "a whole number" if kind is int else "a number"
    bound = "" if minimum is None else f" {'above' if above else 'of at least'} {minimum:g}"

    def check(value: Any) -> Optional[str]:
        if isinstance(value, bool) or (kind is int and isinstance(value, float)):
            return f"must be {noun}{bound}"
        try:
            number = kind(value)
        except (TypeError, ValueError):
            return f"must be {noun}{bound}"
        if minimum is not None and (number <= minimum if above else number < minimum):
            return f"must be {noun}{bound}"
        return None

    return check


def whole(minimum: Optional[int] = None) -> Check:
    return _number(int, minimum)


def whole_between(low: int, high: int) -> Check:
    def check(value: Any) -> Optional[str]:
        if whole(low)(value) is None and int(value) <= high:
            return None
        return f"must be a whole number from {low} to {high}"

    return check


def real(minimum: Optional[float] = None, above: bool = False) -> Check:
    return _number(float, minimum, above)


def boolean(value: Any) -> Optional[str]:
    try:
        BaseSettings({"X": value}).getbool("X")
    except ValueError:
        return "must be a boolean: True/False, 1/0"
    return None


def text(value: Any) -> Optional[str]:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def anything(value: Any) -> Optional[str]:
    return None


def log_level(value: Any) -> Optional[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return None if value in LOG_LEVELS else f"must be one of {', '.join(LOG_LEVELS)}"


def status_bar(value: Any) -> Optional[str]:
    from crawler.status import BAR_MODES, bar_mode

    return None if bar_mode(value) in BAR_MODES else f"must be one of {', '.join(BAR_MODES)}"


def redis_url(value: Any) -> Optional[str]:
    if value in (None, "", False):
        return None  # off: one process
    if isinstance(value, str) and value.split("://", 1)[0] in ("redis", "rediss", "unix") and "://" in value:
        return None
    return "must be a Redis URL: redis://host:6379/0 (rediss:// for TLS, unix:///path.sock)"


def byte_sizes(value: Any) -> Optional[str]:
    """KHABAR_MAXSIZE: a dict (or its JSON) of document kind -> bytes."""
    try:
        sizes = BaseSettings({"X": value}).getdict("X")
    except (TypeError, ValueError):
        return 'must be a dict of document kind -> bytes, e.g. {"article": 4000000}'
    bad = [k for k, v in sizes.items() if whole(1)(v)]
    return f"{', '.join(map(str, bad))}: must be a whole number of bytes of at least 1" if bad else None


SETTING_TYPES: dict[str, Check] = {
    # Khabar (crawler/settings.py and crawler/archive/SETTINGS.md)
    "ARCHIVE_DIR": text,
    "KHABAR_VERSION": text,
    "KHABAR_CONTACT_URL": text,
    "KHABAR_DEFAULT_FEED": boolean,
    "KHABAR_PARQUET_ROW_GROUP_SIZE": whole(1),
    "KHABAR_REPORT_ENABLED": boolean,
    "KHABAR_REPORT_SAMPLE": whole(0),
    "KHABAR_STATUS_INTERVAL": real(0),
    "KHABAR_STATUS_BAR": status_bar,
    "KHABAR_STATE": anything,  # "default", a path, or empty (this run only)
    "KHABAR_MAX_ATTEMPTS": whole(1),
    "KHABAR_MIN_FREE_MB": whole(0),
    "KHABAR_LASTMOD_SKEW_SECONDS": real(0),
    "KHABAR_FRONTIER_ENTRIES": whole(0),
    "KHABAR_REDIS_URL": redis_url,
    "KHABAR_REDIS_PREFIX": text,
    "KHABAR_REDIS_LEASE_SECONDS": real(0, above=True),
    "KHABAR_REDIS_MAX_WAIT": real(0),
    "KHABAR_REDIS_POLITENESS": boolean,
    "EXTRACTION_WORKERS": whole(0),
    "KHABAR_GC_THRESHOLD": whole(0),
    "EXTRACTION_BATCH": whole(1),
    "REPLAY_WORKERS": whole(0),
    "KHABAR_REPLAY_MAX_RECORD": whole(1),
    # hostile servers (issue 9)
    "KHABAR_MAXSIZE": byte_sizes,
    "KHABAR_MAX_SITEMAPS": whole(0),
    "KHABAR_SITEMAP_DEPTH": whole(0),
    "KHABAR_ROBOTSTXT_TIMEOUT": real(0, above=True),
    "KHABAR_RETRY_AFTER_MAX": real(0),
    "CAPTURE_REQUISITES": boolean,
    "REQUISITE_MAX_SIZE": whole(1),
    "REQUISITE_MAX_PER_PAGE": whole(0),
    "REQUISITE_REFRESH_DAYS": real(0),
    "WARC_ENABLED": boolean,
    "WARC_MAX_SIZE": whole(1),
    "WARC_GZIP_LEVEL": whole_between(1, 9),
    "WARC_PREFIX": text,
    "WARC_CDXJ": boolean,
    "WARC_REPLAY": anything,  # a list, or one comma-separated string
    # Scrapy settings often given with -s
    "CONCURRENT_REQUESTS": whole(1),
    "CONCURRENT_REQUESTS_PER_DOMAIN": whole(1),
    "CONCURRENT_REQUESTS_PER_IP": whole(0),
    "CONCURRENT_ITEMS": whole(1),
    "DOWNLOAD_DELAY": real(0),
    "RANDOMIZE_DOWNLOAD_DELAY": boolean,
    "DOWNLOAD_TIMEOUT": real(0, above=True),
    "DOWNLOAD_MAXSIZE": whole(0),
    "DOWNLOAD_WARNSIZE": whole(0),
    "DNS_TIMEOUT": real(0, above=True),
    "RETRY_ENABLED": boolean,
    "RETRY_TIMES": whole(0),
    "REDIRECT_ENABLED": boolean,
    "REDIRECT_MAX_TIMES": whole(0),
    "ROBOTSTXT_OBEY": boolean,
    "COOKIES_ENABLED": boolean,
    "AUTOTHROTTLE_ENABLED": boolean,
    "AUTOTHROTTLE_DEBUG": boolean,
    "AUTOTHROTTLE_START_DELAY": real(0),
    "AUTOTHROTTLE_MAX_DELAY": real(0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": real(0, above=True),
    "DEPTH_LIMIT": whole(0),
    "DEPTH_PRIORITY": whole(),
    "DEPTH_STATS_VERBOSE": boolean,
    "URLLENGTH_LIMIT": whole(0),  # a negative one dropped every request (Scrapy takes 0 as off)
    "CLOSESPIDER_TIMEOUT": real(0),
    "CLOSESPIDER_ITEMCOUNT": whole(0),
    "CLOSESPIDER_PAGECOUNT": whole(0),
    "CLOSESPIDER_ERRORCOUNT": whole(0),
    "LOG_ENABLED": boolean,
    "LOG_LEVEL": log_level,
    "LOGSTATS_INTERVAL": real(0),
    "HTTPCACHE_ENABLED": boolean,
    "HTTPCACHE_EXPIRATION_SECS": whole(0),
    "MEMUSAGE_ENABLED": boolean,
    "MEMUSAGE_LIMIT_MB": whole(0),
    "MEMUSAGE_WARNING_MB": whole(0),
    "TELNETCONSOLE_ENABLED": boolean,
    "FEED_EXPORT_BATCH_ITEM_COUNT": whole(0),
    "FEED_STORE_EMPTY": boolean,
    "REACTOR_THREADPOOL_MAXSIZE": whole(1),
}

# Spider attributes Scrapy (or Scrapyd) reads, so ``-a`` may set them on any spider.
SCRAPY_SPIDER_ARGUMENTS = frozenset({
    "_job",  # Scrapyd passes the job id this way
    "user_agent", "download_delay", "download_timeout", "download_maxsize", "download_warnsize",
    "http_user", "http_pass", "http_auth_domain",
})


def _shown(name: str, value: Any, settings: BaseSettings) -> str:
    if settings.getpriority(name) == SETTINGS_PRIORITIES["cmdline"]:
        return f"-s {name}={value}"
    return f"{name} = {value!r}"


def _known_names(project_settings: Iterable[str]) -> set[str]:
    return set(SETTING_TYPES) | set(project_settings)


def setting_problems(settings: BaseSettings, project_settings: Optional[Iterable[str]] = None) -> list[str]:
    """One line per wrong value or unknown KHABAR_*/WARC_* setting."""
    if project_settings is None:
        from crawler import settings as module

        project_settings = [n for n in dir(module) if n.isupper()]
    known = _known_names(project_settings)
    problems = []
    for name in sorted(settings.attributes):
        value = settings[name]
        if name in SETTING_TYPES:
            if value is None:
                continue
            error = SETTING_TYPES[name](value)
            if error:
                problems.append(f"{_shown(name, value, settings)}: {name} {error}")
        elif name.startswith(CHECKED_PREFIXES) and name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"{_shown(name, value, settings)}: unknown setting{hint}")
    return problems


def spider_arguments(spidercls: type) -> set[str]:
    """The keyword arguments ``spidercls(**kwargs)`` accepts as strings: the
    named parameters of each ``__init__`` in its MRO below scrapy.Spider,
    while each passes ``**kwargs`` on.  Parameters annotated with a type
    other than str (objects only code can pass) are left out.  A spider
    class that only chooses which spider to build (``news``) lists those
    classes in ``builds`` and takes what they take."""
    builds = spidercls.__dict__.get("builds", ())
    if builds:
        return set().union(*(spider_arguments(cls) for cls in builds))
    names: set[str] = set()
    for cls in spidercls.__mro__:
        if cls is scrapy.Spider or not issubclass(cls, scrapy.Spider):
            break
        init = cls.__dict__.get("__init__")
        if init is None:
            continue
        params = list(inspect.signature(init).parameters.values())[1:]
        for p in params:
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and _takes_text(p.annotation):
                names.add(p.name)
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            break
    return names


def _takes_text(annotation: Any) -> bool:
    if annotation is inspect.Parameter.empty:
        return True
    shown = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", repr(annotation))
    return re.search(r"\b(str|Any)\b", shown) is not None


def argument_problems(spidercls: type, spargs: dict, exclude: Iterable[str] = ()) -> list[str]:
    accepted = (spider_arguments(spidercls) - set(exclude)) | SCRAPY_SPIDER_ARGUMENTS
    problems = []
    for name in sorted(set(spargs) - accepted):
        close = difflib.get_close_matches(name, sorted(accepted - SCRAPY_SPIDER_ARGUMENTS), n=1)
        hint = f"did you mean -a {close[0]}=? " if close else ""
        shown = sorted(accepted - SCRAPY_SPIDER_ARGUMENTS)
        problems.append(f"-a {name}={spargs[name]}: unknown argument for {spidercls.name}; "
                        f"{hint}it accepts: {', '.join(f'-a {n}=' for n in shown) or 'none'}")
    return problems


def usage_message(problems: list[str]) -> str:
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems:\n  " + "\n  ".join(problems)
