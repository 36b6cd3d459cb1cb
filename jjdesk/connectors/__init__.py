"""One package per external system: protocol, auth, paging, limits, retries, codec."""
