"""Chat platform adapters: console, discord, slack (and third parties by entry point)."""
