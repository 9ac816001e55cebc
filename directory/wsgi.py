"""The WSGI entry for production servers: `gunicorn directory.wsgi:app`.

Refuses to load with settings unfit for the public (the development secret
key); configuration comes from DIRECTORY_* environment variables.
"""

from . import create_app, security

app = create_app()
security.check_production(app)
