"""GraphQL for tourism guides: the public point-by-code query and administrators' tools."""
