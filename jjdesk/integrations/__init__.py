"""Integration definitions: which connectors and flows, default levels, intervals, options."""
