"""Pure domain model: no I/O, no Qt, no wire formats."""
