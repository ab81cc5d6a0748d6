"""Case sync with the provincial platform (Tianfu Tongban, DESIGN 2.4): every state change of a
case, delivered from the outbox through the :class:`~.ports.CaseSync` port."""
