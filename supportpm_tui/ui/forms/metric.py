"""The forms of a project's metrics and review: new and edit metric, a reading, the go-live, the review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supportpm_tui.ui.forms import Write, changes_only, save_with
from supportpm_tui.ui.modals.form import FormField, FormModal, field_value

if TYPE_CHECKING:
    from supportpm_tui.services.connection import Store
    from supportpm_tui.services.metrics import MetricRecord
    from supportpm_tui.services.reviews import ReviewRecord

DIRECTIONS = ("lower", "higher")


def metric_fields(metric: MetricRecord | None = None) -> list[FormField]:
    """Return the fields of an outcome metric, filled in from ``metric`` to edit it."""
    return [
        FormField("name", "Name", metric.name if metric else "", required=True, placeholder="Tickets per week"),
        FormField("unit", "Unit", metric.unit if metric else "", placeholder="%, tickets, minutes, points"),
        FormField(
            "baseline", "Baseline (before the project)", field_value(metric.baseline if metric else None), kind="number"
        ),
        FormField("target", "Target", field_value(metric.target if metric else None), kind="number"),
        FormField(
            "direction",
            "Better when it is",
            metric.direction if metric else "lower",
            kind="choice",
            choices=DIRECTIONS,
            required=True,
            help="lower (tickets, minutes) or higher (SLA %, satisfaction)",
        ),
    ]


def _values(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": values["name"],
        "unit": values["unit"] or "",
        "baseline": values["baseline"],
        "target": values["target"],
        "direction": values["direction"],
    }


def new_metric_form(write: Write, project: str) -> FormModal:
    """Return the New metric form for ``project``; a valid one adds the metric at the end of its list."""
    from supportpm_tui.services import metrics

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        fields = _values(values)
        save_with(write, lambda store: metrics.add_metric(store, project, **fields), form, f"metric added to {project}")

    return FormModal(f"New metric · {project}", metric_fields(), submit)


def edit_metric_form(write: Write, metric: MetricRecord) -> FormModal:
    """Return the Edit metric form; a valid one saves the fields the user changed."""
    from supportpm_tui.services import metrics

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, _values, values)
        save_with(
            write,
            lambda store: metrics.edit_metric(store, metric.id, if_version=form.version, **changes),
            form,
            "metric saved",
        )

    return FormModal(
        f"Edit metric · {metric.project}",
        metric_fields(metric),
        submit,
        version=metric.version,
        what=f"metric “{metric.name}”",
    )


def new_reading_form(write: Write, metric: MetricRecord) -> FormModal:
    """Return the New reading form of ``metric``: a value on a day (default today; that day's reading is replaced)."""
    from supportpm_tui.services import metrics

    unit = f" ({metric.unit})" if metric.unit else ""
    fields = [
        FormField("value", f"Value{unit}", required=True, kind="number"),
        FormField("day", "Day (default today)", kind="date", placeholder="2026-12-01, fri, -1w"),
        FormField("note", "Note"),
    ]

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        value, day, note = values["value"], values["day"], values["note"] or ""

        def add(store: Store) -> object:
            return metrics.add_reading(store, metric.id, value, day=day, note=note)

        save_with(write, add, form, f"reading of {metric.name} saved")

    return FormModal(f"New reading · {metric.name}", fields, submit)


def go_live_form(write: Write, project: str, current: str | None = None) -> FormModal:
    """Return the Go-live form: choose which of the project's milestones is its go-live (empty: none)."""
    from supportpm_tui.services import metrics

    fields = [
        FormField(
            "milestone",
            "Go-live milestone (empty: none)",
            current or "",
            kind="choice",
            source="milestone",
            scope=project,
            help="ticket volume is compared in the four weeks before and after it",
        )
    ]

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        chosen = values["milestone"] or None
        said = f"go-live of {project}: {chosen}" if chosen else f"{project} has no go-live"
        save_with(write, lambda store: metrics.set_go_live(store, project, chosen), form, said)

    return FormModal(f"Go-live · {project}", fields, submit)


def review_form(write: Write, project: str, review: ReviewRecord | None = None) -> FormModal:
    """Return the Review form of ``project``: the three answers (several lines each) and the day held."""
    from supportpm_tui.services import reviews

    def text(name: str) -> str:
        return str(getattr(review, name)) if review else ""

    fields = [
        FormField("went_well", "What went well", text("went_well"), kind="lines", aliases=("went well",)),
        FormField("went_badly", "What went badly", text("went_badly"), kind="lines", aliases=("went badly",)),
        FormField(
            "change_next", "What to change next time", text("change_next"), kind="lines", aliases=("change next",)
        ),
        FormField("day", "Held on (default today)", review.day if review else "", kind="date"),
    ]

    def build(values: dict[str, Any]) -> dict[str, Any]:
        out = {name: values[name] or "" for name in ("went_well", "went_badly", "change_next")}
        if values["day"] is not None:
            out["day"] = values["day"]
        return out

    def submit(form: FormModal, values: dict[str, Any]) -> None:
        changes = changes_only(form, build, values) if review is not None else build(values)
        version = form.version
        save_with(
            write,
            lambda store: reviews.set_review(store, project, if_version=version, **changes),
            form,
            f"review of {project} saved",
        )

    return FormModal(
        f"Post-implementation review · {project}",
        fields,
        submit,
        version=review.version if review else None,
        what=f"review of {project}",
    )
