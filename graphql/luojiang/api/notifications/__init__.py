"""The signed-in person's messages and channel preferences."""
