"""Whether a project's scope is ready for work to start: what its one-page scope statement still lacks."""

from __future__ import annotations

from collections.abc import Mapping

# The scope fields a project needs before work should start, and what is said when one is empty.
NEEDED = (
    ("goal", "no goal"),
    ("in_scope", "nothing stated in scope"),
    ("out_of_scope", "nothing stated out of scope"),
    ("stakeholders", "no stakeholders"),
    ("success_criteria", "no success criteria"),
    ("approval_path", "no approval path for changes"),
)


def scope_gaps(scope: Mapping[str, str | None]) -> list[str]:
    """Return what the scope statement lacks, in the order a lead fills it in; empty when it is ready.

    A project whose goal, boundaries, stakeholders and success criteria cannot
    be stated is not ready for work to start.
    """
    return [said for field, said in NEEDED if not (scope.get(field) or "").strip()]
