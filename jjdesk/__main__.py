"""`python -m jjdesk` runs the same command line as the `jjdesk` executable."""

import sys

from jjdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
