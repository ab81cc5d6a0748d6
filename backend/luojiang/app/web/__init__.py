"""Plain web routes next to the GraphQL endpoint: the guide page and media files."""
