"""The transactional outbox (DESIGN 2.4, 2.8, habit 7): work for outside parties written in the
same transaction as the change it reports, delivered after commit by jobs, at least once."""
