"""A validated form: every field checked, the message shown next to it, nothing saved until valid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.widgets.input import Selection

from supportpm_tui.core.errors import EditConflict, FieldError, Hint, UserError
from supportpm_tui.core.parsing import parse_number, parse_optional_date
from supportpm_tui.core.text import clean_line, clean_text
from supportpm_tui.services.choices import Choices, form_choices, matching_skills, rank_by_skill, words_of
from supportpm_tui.ui.modals.conflict import THEIRS, ConflictModal, Resolution
from supportpm_tui.ui.widgets.choice import Choice, ChoiceInput
from supportpm_tui.ui.wording import error_text, field_text, key_displays


@dataclass
class FormField:
    """One field of a form: how to show it and how to check what was typed.

    A ``choice`` field holds one of a list, a ``choices`` field several
    (comma separated). The list is ``choices``, or comes from the database
    by ``source``: ``person``, ``project``, ``milestone`` (of the project
    in field ``follows``, or of project ``scope``) or ``card`` (all but
    card ``scope``, the one edited). A ``person`` field lists first the people
    with a skill named in the fields ``ranked_by`` (a card's title and tags).
    """

    name: str
    label: str
    value: str = ""
    kind: str = "text"  # text, lines (several lines: enter starts a new one), date, number, integer, choice, choices
    required: bool = False
    choices: Sequence[str] = ()
    suggestions: Sequence[str] = ()
    placeholder: str = ""
    low: float | None = None
    high: float | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    follows: str = ""
    scope: str = ""
    disabled: bool = False
    help: str = ""  # a line under the field saying what it takes and its limits
    ranked_by: tuple[str, ...] = ()
    ask_if_past: bool = False  # a date typed in the past asks before it is saved (a due date, say)


Submit = Callable[["FormModal", dict[str, Any]], None]

# Rows of a form that are not its fields: the screen's margin, border, padding, title, message and buttons.
FORM_FRAME = 14

# Form fields named otherwise than what they store (a conflict names the stored field).
STORED_AS = {"predecessors": "after", "schedule_days": "days", "cost_impact": "cost"}

# A check over several fields (start before due …): raises FieldError naming the field to fix.
Rule = Callable[[dict[str, Any]], None]

# What a choice field says when what is typed is not in its list, by source.
NOT_LISTED = {
    "person": "no person named {text!r}; choose one from the list",
    "project": "no project with key {text!r}; choose one from the list",
    "milestone": "no milestone {text!r}{where}; choose one from the list",
    "card": "no card {text}; choose cards from the list",
}


def in_order(first: str, then: str) -> Rule:
    """Return the rule that date field ``then`` is not before date field ``first`` (as the services keep it)."""

    def rule(values: dict[str, Any]) -> None:
        start, end = values.get(first), values.get(then)
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise FieldError(then, f"{end} is before the start {start}")

    return rule


def field_value(value: Any) -> str:
    """Return a stored value as a form shows it: empty for none, ``4.5`` not ``4.50``, lists joined."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def card_ref(text: str) -> str:
    """Return ``#12`` for ``12`` or ``#12`` (a card as a choice field holds it)."""
    digits = text.strip().lstrip("#").strip()
    return f"#{digits}" if digits.isdigit() else text.strip()


class FormModal(ModalScreen[bool]):
    """A dialog that checks each field and passes the parsed values to ``submit``.

    Saving shows every error at once, next to its field, and moves to the
    first; a field showing an error is checked again as it is edited, and
    its message goes as soon as it is right. ``submit`` starts the write;
    it calls :meth:`fail` with the service's error (shown next to its field)
    or :meth:`done` once saved.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        submit: Submit,
        rules: Sequence[Rule] = (),
        version: int | None = None,
        what: str = "",
    ) -> None:
        super().__init__()
        self.form_title = title
        # The version of the item the form opened (an edit form): a save from it merges others' changes
        # to other fields, and a conflict on the same fields is shown side by side (see :meth:`fail`).
        self.version = version
        self.what = what or title
        self.fields = fields
        self.submit = submit
        self.rules = list(rules)
        self.busy = False
        self.lists: Choices | None = None
        self.initial: dict[str, str] = {}
        self.errors: dict[str, str] = {}
        self.watched: set[str] = set()  # fields in error since the last save: checked again as they are edited
        self.service_errors: set[str] = set()  # fields whose message the service gave: it goes when they are edited

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="dialog"):
            yield Static(self.form_title, classes="dialog-title", markup=False)
            yield Static("", id="form-error", classes="field-error", markup=False)
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    with Vertical(id=f"row-{f.name}", classes="field-row"):
                        yield Label(f.label + (" *" if f.required else ""), classes="field-label", markup=False)
                        if f.kind in ("choice", "choices"):
                            yield ChoiceInput(
                                self._shown_value(f),
                                self._choices_of(f),
                                input_id=f"field-{f.name}",
                                placeholder=f.placeholder,
                                multiple=f.kind == "choices",
                                disabled=f.disabled,
                            )
                        elif f.kind == "lines":
                            area = TextArea(
                                f.value,
                                id=f"field-{f.name}",
                                soft_wrap=True,
                                tab_behavior="focus",
                                placeholder=f.placeholder,
                                disabled=f.disabled,
                                classes="field-lines",
                            )
                            area.show_line_numbers = False
                            yield area
                        else:
                            suggester = (
                                SuggestFromList(list(f.suggestions), case_sensitive=False) if f.suggestions else None
                            )
                            yield Input(
                                f.value,
                                placeholder=f.placeholder,
                                id=f"field-{f.name}",
                                suggester=suggester,
                                disabled=f.disabled,
                            )
                        if f.help:
                            yield Static(f.help, id=f"help-{f.name}", classes="field-help", markup=False)
                        yield Static("", id=f"error-{f.name}", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.fit_height()
        self.initial = {f.name: self.raw(f.name) for f in self.fields}
        first = next((f for f in self.fields if not f.disabled), None)
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()
        if any(f.source for f in self.fields):
            self._load_choices()

    def on_resize(self) -> None:
        self.fit_height()

    def fit_height(self) -> None:
        """Let the fields scroll within what the terminal leaves beside the title and the buttons (always shown)."""
        room = self.app.size.height - FORM_FRAME
        self.query_one("#form-fields", VerticalScroll).styles.max_height = max(4, min(30, room))

    # --- the lists of choices ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-choices", exit_on_error=False)
    def _load_choices(self) -> None:
        session = getattr(self.app, "session", None)
        store = getattr(session, "store", None)
        if store is None:
            return
        lists = form_choices(store)
        self.app.call_from_thread(self._choices_loaded, lists)

    def _choices_loaded(self, lists: Choices) -> None:
        self.lists = lists
        self._refresh_choices()

    def _refresh_choices(self, follows: str = "") -> None:
        for f in self.fields:
            if f.source and (not follows or follows in (f.follows, *f.ranked_by)):
                self.query_one(f"#choice-{f.name}", ChoiceInput).set_choices(self._choices_of(f))

    def _shown_value(self, f: FormField) -> str:
        """Return the value of ``f`` as its input shows it (a choice by its label)."""
        if f.kind == "choice" and f.choices and not f.source:
            return f.value.replace("_", " ")
        return f.value

    def _choices_of(self, f: FormField) -> list[Choice]:
        """Return what choice field ``f`` lists: (label, value), an empty choice first when it is optional."""
        choices: list[Choice]
        lists = self.lists
        if f.source == "person" and lists is not None:
            choices = self._people_of(f, lists)
        elif f.source == "project" and lists is not None:
            choices = [(key, key) for key in lists.projects]
        elif f.source == "milestone":
            project = self._project_of(f)
            names = lists.milestones.get(project, []) if lists is not None else []
            choices = [(name, name) for name in names]
        elif f.source == "card" and lists is not None:
            choices = [(f"#{tid} {title}", f"#{tid}") for tid, title in lists.cards if f"#{tid}" != card_ref(f.scope)]
        elif f.source == "card":
            choices = []
        else:
            choices = [(c.replace("_", " "), c) for c in f.choices]
        if not f.required and f.kind == "choice":
            choices = [("none", ""), *choices]
        return choices

    def _people_of(self, f: FormField, lists: Choices) -> list[Choice]:
        """Return the people field ``f`` lists: those skilled in what ``ranked_by`` names first, their skills shown."""
        words = words_of(*(self._text_of(name) for name in f.ranked_by)) if f.ranked_by else set()
        active = [n for n in lists.people if n not in lists.inactive]
        ranked = rank_by_skill(active, lists.skills, words) if words else active
        choices: list[Choice] = []
        for name in ranked:
            matched = matching_skills(lists.skills.get(name, ()), words)
            choices.append((f"{name} · {', '.join(matched)}" if matched else name, name))
        return choices + [(f"{n} (inactive)", n) for n in lists.people if n in lists.inactive]

    def _text_of(self, name: str) -> str:
        """Return what field ``name`` holds now (what it opened with before it is shown)."""
        try:
            return self.query_one(f"#field-{name}", Input).value
        except NoMatches:
            other = next((g for g in self.fields if g.name == name), None)
            return other.value if other is not None else ""

    def _project_of(self, f: FormField) -> str:
        """Return the key of the project whose milestones field ``f`` lists."""
        if not f.follows:
            return f.scope.strip().upper()
        try:
            return self.query_one(f"#field-{f.follows}", Input).value.strip().upper()
        except NoMatches:  # not shown yet
            other = next((g for g in self.fields if g.name == f.follows), None)
            return (other.value if other is not None else "").strip().upper()

    def _listed(self, f: FormField) -> list[Choice] | None:
        """Return the choices ``f`` must be one of, or ``None`` when they are not known (yet)."""
        if f.source and self.lists is None:
            return None
        if f.source == "milestone" and not self._project_of(f):
            return None
        return self._choices_of(f)

    # --- reading and checking --------------------------------------------------------------

    def raw(self, name: str) -> str:
        """Return what is typed or chosen in field ``name`` (a choice as its value, not its label)."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            return widget.text
        text = widget.value if isinstance(widget, Input) else ""
        f = next((g for g in self.fields if g.name == name), None)
        if f is not None and f.kind == "choice":
            wanted = text.strip().lower()
            for label, value in self._choices_of(f):
                if wanted and wanted in (label.lower(), value.lower()):
                    return value
        return text

    def opened_values(self) -> dict[str, Any]:
        """Return the values the form was opened with, parsed as a save parses them (a wrong one as typed)."""
        values: dict[str, Any] = {}
        for f in self.fields:
            text = self.initial.get(f.name, "").strip()
            try:
                values[f.name] = self._parse(f, text)
            except FieldError:
                values[f.name] = text or None
        return values

    def changed_fields(self) -> list[str]:
        """Return the names of the fields whose value differs from the one the form was opened with."""
        return [f.name for f in self.fields if self.raw(f.name).strip() != self.initial.get(f.name, "").strip()]

    def set_error(self, name: str, message: str) -> None:
        """Show ``message`` next to field ``name`` (or above the form)."""
        target = self.query(f"#error-{name}")
        if target:
            target.first(Static).update(message)
            if message:
                self.errors[name] = message
            else:
                self.errors.pop(name, None)
        else:
            self.query_one("#form-error", Static).update(message)

    def clear_errors(self) -> None:
        """Remove every message."""
        for widget in self.query(".field-error").results(Static):
            widget.update("")
        self.errors.clear()
        self.watched.clear()
        self.service_errors.clear()

    def problems(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Return the parsed values and the message for each field in error, showing nothing."""
        values: dict[str, Any] = {}
        wrong: dict[str, str] = {}
        for f in self.fields:
            text = self.raw(f.name).strip()
            try:
                values[f.name] = self._parse(f, text)
            except FieldError as exc:
                wrong[f.name] = field_text(exc, key_displays(self.app))
        for rule in self.rules:
            try:
                rule(values)
            except FieldError as exc:
                name = self._field_named(exc.field)
                if name is not None and name not in wrong:
                    wrong[name] = field_text(exc, key_displays(self.app))
            except (KeyError, TypeError):
                continue  # a field the rule needs is wrong itself: its own message says so
        return values, wrong

    def check(self) -> dict[str, Any] | None:
        """Return the parsed values, or ``None`` after showing every field in error and moving to the first."""
        self.clear_errors()
        values, wrong = self.problems()
        for name, message in wrong.items():
            self.set_error(name, message)
        self.watched = set(wrong)
        if wrong:
            self.go_to(next(f.name for f in self.fields if f.name in wrong))
            return None
        return values

    def go_to(self, name: str) -> None:
        """Scroll to field ``name`` and put the cursor in it."""
        widget = self.query_one(f"#field-{name}", Widget)
        if not widget.disabled:
            widget.focus(scroll_visible=False)

        def scroll() -> None:
            self.query_one("#form-fields", VerticalScroll).scroll_to_widget(
                self.query_one(f"#row-{name}"), animate=False, top=False
            )

        scroll()
        # Again once the messages just shown have been laid out, and once more after the list of fields
        # has taken their height: under load the two come in separate frames.
        self.call_after_refresh(scroll)
        self.call_after_refresh(self.call_after_refresh, scroll)

    def _field_named(self, name: str) -> str | None:
        """Return the form's field a service's (or a rule's) field name means."""
        for f in self.fields:
            if name in (f.name, *f.aliases) or name.replace(" ", "_") == f.name:
                return f.name
        return None

    def _parse(self, f: FormField, text: str) -> Any:
        if not text:
            if f.required:
                raise FieldError(f.name, "is required")
            return None
        if f.kind == "date":
            return parse_optional_date(text, f.name)
        if f.kind == "number":
            return parse_number(text, f.name, f.low, f.high)
        if f.kind == "integer":
            number = parse_number(text, f.name, f.low, f.high)
            if not number.is_integer():
                raise FieldError(f.name, f"must be a whole number (got {text})")
            return int(number)
        if f.kind == "choice":
            return self._one_listed(f, text)
        if f.kind == "choices":
            parts = [part.strip() for part in text.split(",") if part.strip()]
            return [self._one_listed(f, card_ref(p) if f.source == "card" else p) for p in parts] or None
        if f.kind == "lines":
            return "\n".join(line.rstrip() for line in clean_text(text).splitlines())
        return clean_line(text)

    def _one_listed(self, f: FormField, text: str) -> str:
        """Return the value of the choice ``text`` names in field ``f``; raise when it is not in the list."""
        listed = self._listed(f)
        if listed is None:
            return clean_line(text)
        wanted = clean_line(text).lower()
        for label, value in listed:
            if wanted in (label.lower(), value.lower()):
                return value
        if f.source in NOT_LISTED:
            project = self._project_of(f)
            where = f" in {project}" if project else ""
            message = NOT_LISTED[f.source].format(text=clean_line(text), where=where)
            raise FieldError(f.name, message, Hint("task" if f.source == "card" else f.source))
        shown = ", ".join(label for label, value in listed if value)
        raise FieldError(f.name, f"choose one of: {shown}")

    @on(TextArea.Changed)
    def _lines_edited(self, event: TextArea.Changed) -> None:
        self._field_edited((event.text_area.id or "").removeprefix("field-"))

    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        """Check again, as they are edited, the fields in error since the last save: a message goes once it is right.

        A service's message stays until its own field is edited (the form cannot check it again).
        """
        self._field_edited((event.input.id or "").removeprefix("field-"))

    def _field_edited(self, name: str) -> None:
        if any(name in (f.follows, *f.ranked_by) for f in self.fields):
            self._refresh_choices(follows=name)
        if not self.watched:
            return
        _, wrong = self.problems()
        for watched in sorted(self.watched):
            if watched != name and watched in self.service_errors:
                continue
            self.service_errors.discard(watched)
            message = wrong.get(watched, "")
            if message != self.errors.get(watched, ""):
                self.set_error(watched, message)

    def fail(self, error: UserError) -> None:
        """Show a service's error next to its field and let the user fix it.

        When someone else changed the same fields meanwhile, show theirs and
        yours side by side; save again with what the user chooses.
        """
        self._saving(False)
        if isinstance(error, EditConflict):
            self.app.push_screen(ConflictModal(self.what, error), lambda choice: self._resolved(error, choice))
            return
        if isinstance(error, FieldError):
            name = self._field_named(error.field)
            if name is not None:
                self.set_error(name, field_text(error, key_displays(self.app)))
                self.watched.add(name)
                self.service_errors.add(name)
                self.go_to(name)
                return
        self.query_one("#form-error", Static).update(error_text(error, key_displays(self.app)))

    def _resolved(self, conflict: EditConflict, choice: Resolution | None) -> None:
        """Save again from the newer version: a field whose value the user let them keep now shows theirs."""
        if choice is None:
            message = f"Not saved: {self.what} was changed meanwhile; save again to choose"
            self.query_one("#form-error", Static).update(message)
            return
        for clash in conflict.fields:
            if choice.get(clash.name or clash.field) != THEIRS:
                continue
            name = self._field_stored_as(clash.name or clash.field)
            if name is None:
                continue
            text = "" if clash.theirs == "none" else clash.theirs
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, TextArea):
                widget.load_text(text)
            else:
                self.query_one(f"#field-{name}", Input).value = text
            self.initial[name] = text
        self.version = conflict.version
        self.query_one("#form-error", Static).update("")
        self.action_save()

    def _field_stored_as(self, stored: str) -> str | None:
        """Return the form's field that edits the stored field ``stored`` (``due`` for ``due_date`` …)."""
        names = {stored, stored.removesuffix("_id"), stored.removesuffix("_date"), stored.removesuffix("_days")}
        names.add(STORED_AS.get(stored, stored))
        for f in self.fields:
            if f.name in names or names & set(f.aliases):
                return f.name
        return None

    def done(self) -> None:
        """Close the form after a successful save."""
        self.dismiss(True)

    def action_save(self) -> None:
        """Check the form and, when valid, hand it to ``submit``."""
        if self.busy:
            return
        values = self.check()
        if values is None:
            return
        past = self._past_dates(values)
        if not past:
            self._saving(True)
            self.submit(self, values)
            return
        from supportpm_tui.core import clock
        from supportpm_tui.core.rules.calendar import short_date
        from supportpm_tui.ui.modals.dialogs import ConfirmModal

        today = clock.today()
        said = "; ".join(f"{f.label.split(' (')[0]} {short_date(values[f.name], today).lstrip('0')}" for f in past)

        def answered(yes: bool | None) -> None:
            if yes and not self.busy:
                self._saving(True)
                self.submit(self, values)
            elif not yes:
                self.go_to(past[0].name)

        question = f"{said}: in the past. Save it anyway?"
        self.app.push_screen(ConfirmModal(question, "Save", variant="primary"), answered)

    def _saving(self, busy: bool) -> None:
        """Show that the form is being saved: nothing can be typed into it until it closes, or comes back with an error.

        What was typed while a save was on its way would be lost with the
        form, so the fields and buttons wait, and the Save button says so.
        """
        if busy == self.busy:
            return
        self.busy = busy
        save = self.query_one("#save", Button)
        save.label = "Saving…" if busy else "Save"
        if busy:
            self._focused_before = self.focused
            self._selection_before = self.focused.selection if isinstance(self.focused, Input) else None
        for part in (self.query_one("#form-fields"), self.query_one(".dialog-buttons")):
            part.disabled = busy
        before = self._focused_before
        if not busy and before is not None and before.is_attached:
            before.focus(scroll_visible=False)
            selection = self._selection_before
            if isinstance(before, Input) and selection is not None:  # the cursor where it was, the text not selected

                def put_back() -> None:
                    before.selection = selection

                # Focusing is the app's next step, and it has the field select its whole text: after both.
                self.app.call_later(before.call_later, put_back)

    _focused_before: Widget | None = None
    _selection_before: Selection | None = None

    def _past_dates(self, values: dict[str, Any]) -> list[FormField]:
        """Return the fields asking before a past date whose date was typed (changed) and is before today."""
        from supportpm_tui.core import clock

        changed = set(self.changed_fields())
        return [
            f
            for f in self.fields
            if f.ask_if_past
            and f.name in changed
            and isinstance(values.get(f.name), dt.date)
            and values[f.name] < clock.today()
        ]

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
