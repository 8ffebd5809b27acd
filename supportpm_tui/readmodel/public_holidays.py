"""Public holidays of a country and subdivision ("DE-BY"), from the ``holidays`` package.

The plan (first screen included) and the services share this module. The
``holidays`` package loads only when a region is asked about, so a team
without one never pays for it; each (region, year) is looked up once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import threading
from typing import Any

from supportpm_tui.core.errors import FieldError

FIELD = "holidays"
CLEARING_WORDS = ("", "none", "-", "team")
SHOWN_CHOICES = 12

_lock = threading.Lock()


def region_parts(region: str) -> tuple[str, str]:
    """Return the country code and subdivision (``""`` for none) of a stored region such as ``DE-BY``."""
    country, _, subdivision = region.partition("-")
    return country, subdivision


@functools.cache
def _countries() -> dict[str, tuple[str, tuple[str, ...], dict[str, str]]]:
    """Return, per alpha-2 code, the country's English name, its subdivision codes and their aliases."""
    import holidays
    from holidays import registry

    supported = holidays.list_supported_countries(include_aliases=False)
    names = {entry[1]: entry[0] for entry in registry.COUNTRIES.values()}
    out: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {}
    for code, subdivisions in supported.items():
        cls = getattr(holidays, code, None)
        aliases: dict[str, str] = dict(getattr(cls, "subdivisions_aliases", {}) or {})
        out[code] = (_spaced(names.get(code, code)), tuple(subdivisions), aliases)
    return out


def _spaced(class_name: str) -> str:
    """Return ``UnitedKingdom`` as ``United Kingdom``."""
    words = ""
    for i, char in enumerate(class_name):
        if char.isupper() and i and not class_name[i - 1].isupper():
            words += " "
        words += char
    return words


def _country_code(text: str) -> str:
    """Return the alpha-2 code of a country given by code (``DE``, ``DEU``) or English name; raise a FieldError."""
    countries = _countries()
    wanted = text.strip()
    if wanted.upper() in countries:
        return wanted.upper()
    from holidays import registry

    for name, code, alpha3, *_ in registry.COUNTRIES.values():
        if wanted.upper() == alpha3 or wanted.replace(" ", "").lower() == name.lower():
            return str(code)
    by_name = {name.lower(): code for code, (name, _, _) in countries.items()}
    close = difflib.get_close_matches(wanted.lower(), list(by_name), n=3, cutoff=0.6)
    close_codes = difflib.get_close_matches(wanted.upper(), list(countries), n=3, cutoff=0.5)
    hints = [f"{by_name[n]} ({countries[by_name[n]][0]})" for n in close]
    hints += [f"{c} ({countries[c][0]})" for c in close_codes if c not in {by_name[n] for n in close}]
    hint = f"did you mean {', '.join(hints[:3])}?" if hints else "use a two-letter country code such as DE, US or GB"
    raise FieldError(FIELD, f"no public holidays known for country {wanted!r}; {hint}")


def check_region(text: str | None) -> str:
    """Return a region as stored (``DE-BY``, ``US``), or ``""`` for none (``none`` or empty).

    The country may be a code or an English name, the subdivision a code or
    its name (``GB-Scotland``). Raises :class:`FieldError` naming the
    closest or the valid choices when either is unknown.
    """
    wanted = (text or "").strip()
    if wanted.lower() in CLEARING_WORDS:
        return ""
    for separator in ("_", "/"):
        wanted = wanted.replace(separator, "-")
    country_text, _, subdivision_text = wanted.partition("-")
    country = _country_code(country_text)
    if not subdivision_text.strip():
        return country
    name, subdivisions, aliases = _countries()[country]
    wanted_sub = subdivision_text.strip()
    by_key = {s.lower(): s for s in subdivisions} | {a.lower(): s for a, s in aliases.items()}
    found = by_key.get(wanted_sub.lower())
    if found is not None:
        return f"{country}-{found}"
    if not subdivisions:
        raise FieldError(FIELD, f"{name} ({country}) has no subdivisions; write {country}")
    close = difflib.get_close_matches(wanted_sub.lower(), list(by_key), n=3, cutoff=0.5)
    if close:
        hint = "did you mean " + ", ".join(f"{country}-{by_key[c]}" for c in close) + "?"
    else:
        shown = ", ".join(subdivisions[:SHOWN_CHOICES]) + (", …" if len(subdivisions) > SHOWN_CHOICES else "")
        hint = f"choose one of {shown}"
    raise FieldError(FIELD, f"{name} ({country}) has no subdivision {wanted_sub!r}; {hint}")


def region_name(region: str) -> str:
    """Return a region in words: ``Germany, BY`` (the code itself when the package does not know it)."""
    if not region:
        return ""
    country, subdivision = region_parts(region)
    found = _countries().get(country)
    if found is None:
        return region
    return found[0] + (f", {subdivision}" if subdivision else "")


@functools.lru_cache(maxsize=512)
def holidays_of_year(region: str, year: int) -> dict[dt.date, str]:
    """Return the public holidays of ``region`` (as stored) in ``year``: date to name; none for an unknown region."""
    if not region:
        return {}
    import holidays

    country, subdivision = region_parts(region)
    try:
        with _lock:  # the package builds its tables lazily: one thread at a time
            found: Any = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
            return {day: str(name) for day, name in sorted(found.items()) if day.year == year}
    except (NotImplementedError, KeyError, ValueError):
        return {}  # a stored region the package no longer knows: no public holidays rather than no plan


def holidays_between(region: str, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Return the public holidays of ``region`` from ``first`` to ``last``, both included: date to name."""
    out: dict[dt.date, str] = {}
    if not region or last < first:
        return out
    for year in range(first.year, last.year + 1):
        out.update((day, name) for day, name in holidays_of_year(region, year).items() if first <= day <= last)
    return out
