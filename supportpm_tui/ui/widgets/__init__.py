"""Reusable widgets; they never touch the database."""
