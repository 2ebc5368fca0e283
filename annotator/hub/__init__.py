"""The team hub: a PostgreSQL database that the team's SQLite projects sync with.

``schema`` holds the hub's migrations and the version check, ``members`` its roles, row-level
security and blind coding, ``versions`` the optimistic concurrency of shared records. Needs
psycopg 3 (``pip install 'annotator[hub]'``); nothing here imports Qt.
"""
