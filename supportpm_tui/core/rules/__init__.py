"""The planning rules R1–R8 (docs/rules.md; SPEC section 2): pure functions over plain data."""
