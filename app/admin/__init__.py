"""Administration: setup, demo data and (later) the staff pages."""
