"""The search log has no admin page on purpose: team leads see searches only in /insights/,
aggregated and only once enough different readers searched the same text."""
