"""Records out of the back office: case files, the incident-log CSV, the dashboard, retention."""
