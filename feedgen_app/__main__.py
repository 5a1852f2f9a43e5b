"""`python -m feedgen_app build` runs the same command as `feedgen-app build`."""

import sys

from feedgen_app.cli import main

sys.exit(main())
