"""``python -m transcript_tools``: the command-line interface."""

from transcript_tools.cli import main

raise SystemExit(main())
