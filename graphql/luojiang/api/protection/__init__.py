"""Protection and speed (DESIGN 2.1): persisted queries and the allow-list, query cost and
mutation limits, rate limits, and the shared response cache, each in its own module; the HTTP view
(:mod:`luojiang.api.transport.http`) runs them as named steps."""
