"""Dialogs: forms, confirmations, pickers, help and details."""
