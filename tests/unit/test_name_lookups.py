"""Look-ups by name fold case and accents the same way in every script as in ASCII."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from supportpm_tui.core.errors import FieldError
from supportpm_tui.core.filtering import parse_filter
from supportpm_tui.core.text import clean_line, name_key
from supportpm_tui.services import base, milestones, people, projects
from supportpm_tui.storage.database import Store
from supportpm_tui.storage.models import Person

NAMES = [
    "Ærøskøbing Hansen",
    "Ölgaard",
    "Σωκράτης Παππάς",
    "Дмитрий Иванов",
    "İlkay Yıldız",
    "Straße",
    "Ａｌｉｃｅ",
    "José Núñez",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize("name", NAMES)
def test_a_person_is_found_by_any_case_and_either_accent_form(store: Store, name: str) -> None:
    added = people.add_person(store, name)
    with store.read() as session:
        for asked in (name, name.upper(), name.lower(), nfd(name), nfd(name.upper())):
            assert base.find_person(session, asked).id == added.id, asked


@pytest.mark.parametrize("name", NAMES)
def test_a_second_person_differing_only_by_case_or_accent_form_is_refused(store: Store, name: str) -> None:
    people.add_person(store, name)
    for twin in (name.upper(), name.lower(), nfd(name)):
        with pytest.raises(FieldError, match="already exists"):
            people.add_person(store, twin)


def test_sharp_s_and_double_s_are_the_same_name(store: Store) -> None:
    people.add_person(store, "Strauß")
    with pytest.raises(FieldError, match="already exists"):
        people.add_person(store, "STRAUSS")


def test_milestones_are_found_and_kept_unique_in_every_script(store: Store) -> None:
    projects.add_project(store, "INT", "International")
    made = milestones.add_milestone(store, "INT", "Ölçüm İlk", dt.date(2026, 3, 1))
    with store.read() as session:
        assert base.find_milestone(session, "ÖLÇÜM İLK").id == made.id
        assert base.find_milestone(session, nfd("ölçüm i̇lk")).id == made.id
    with pytest.raises(FieldError, match="already has a milestone"):
        milestones.add_milestone(store, "INT", nfd("ÖLÇÜM İLK"), dt.date(2026, 3, 2))


def test_the_person_filter_and_the_words_fold_every_script() -> None:
    wanted = parse_filter("@ølgaard ΣΩΚΡΆΤΗΣ")
    assert wanted.wants_person("Ølgaard Hansen")
    assert wanted.wants_words("Σωκράτης Παππάς")
    assert parse_filter("@дмитрий").wants_person("ДМИТРИЙ Иванов")
    assert parse_filter(nfd("@josé")).wants_person("José Núñez")
    assert not parse_filter("@ana").wants_person("Дмитрий")


def test_the_people_search_folds_every_script(store: Store) -> None:
    people.add_person(store, "Дмитрий Иванов")
    people.add_person(store, "Ana")
    assert [p.name for p in people.list_people(store, search="дмитрий")] == ["Дмитрий Иванов"]
    assert [p.name for p in people.list_people(store, search="ИВАНОВ")] == ["Дмитрий Иванов"]


LETTERS = st.characters(categories=["Lu", "Ll", "Lt", "Lo", "Mn"], exclude_characters="\u0345")
NAME = (
    st.text(LETTERS, min_size=1, max_size=20)
    .map(clean_line)
    .filter(lambda n: 0 < len(n) <= 60 and n.lower() not in ("all", "none", "everyone") and not n[0].isspace())
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAME)
def test_any_name_is_found_however_it_is_cased_or_composed(store: Store, name: str) -> None:
    with store.read() as session:
        clash = any(name_key(p.name) == name_key(name) for p in session.exec(select(Person)).all())
    if clash:  # an earlier example already holds this name
        with pytest.raises(FieldError):
            people.add_person(store, name)
        return
    try:
        added = people.add_person(store, name)
    except FieldError:  # a name the rules refuse (e.g. only combining marks)
        return
    with store.read() as session:
        for asked in (name.upper(), name.lower(), nfd(name), unicodedata.normalize("NFC", name)):
            assert base.find_person(session, asked).id == added.id, ascii(asked)
