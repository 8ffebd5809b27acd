"""An import-linter contract that the built-in types cannot state: "these modules use the standard library only".

Named in ``pyproject.toml`` under ``[tool.importlinter]``; ``lint-imports``
(run by the test suite and by ``.ci/run``) loads it from the repository root.
"""

from __future__ import annotations

import sys

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class StandardLibraryOnlyContract(Contract):
    """The source packages import nothing outside themselves, the root package and Python's standard library.

    Options: ``source_modules`` (packages held to it), ``allowed_modules``
    (other packages of the project they may use, optional).
    """

    type_name = "standard_library_only"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.ModuleField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        """Return whether every import of the source packages stays inside what is allowed."""
        sources = [m.name for m in self.source_modules]  # type: ignore[attr-defined]
        allowed = [m.name for m in (self.allowed_modules or [])]  # type: ignore[attr-defined]
        found: list[str] = []
        for source in sources:
            for module in sorted(graph.find_descendants(source) | {source}):
                for imported in sorted(graph.find_modules_directly_imported_by(module)):
                    top = imported.split(".")[0]
                    inside = any(imported == a or imported.startswith(a + ".") for a in [*sources, *allowed])
                    if inside or top in sys.stdlib_module_names or top == "__future__":
                        continue
                    for detail in graph.get_import_details(importer=module, imported=imported):
                        found.append(f"{module} imports {imported} (line {detail['line_number']})")
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        """Print each import that leaves the standard library."""
        for line in check.metadata["found"]:
            output.print_error(line, bold=False)
            output.new_line()
