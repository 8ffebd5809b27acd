"""The planning rules R1–R8 of SPEC section 2: pure functions over plain data."""
