"""The generic flows, written once against the ports and shared by every integration."""
