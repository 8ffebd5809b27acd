"""SupportPM: projects, people and the ticket queue in one terminal dashboard."""

__version__ = "0.1.0"
