"""Simulators of the external systems: the real protocol on a loopback port.

Used by `jjdesk demo` and by the flow tests, which run the real clients against them.
"""
