"""SupportPM's benchmark: data generators and measurements (run with ``python -m bench``)."""
