"""The HTML layer shared by every domain: templates, static files, headers and CSRF."""
