"""Registry hooks for service tickets (queue counts, party page, demo data)."""
