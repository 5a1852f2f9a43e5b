"""`python -m feedgen_app build` runs the same command as `feedgen-app build`."""

from feedgen_app.cli import run

run()
