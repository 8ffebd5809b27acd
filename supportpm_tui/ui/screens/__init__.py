"""The dashboard's screens, one per mode."""
