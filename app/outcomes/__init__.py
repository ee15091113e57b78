"""The outcome register: the rød tråd from what residents said to decisions, and back to them."""
