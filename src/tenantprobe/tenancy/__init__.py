"""What tells one tenant from another: canaries, the leak detector, identities, log-in and pairings."""
