"""`python -m bot` is `paperboy`."""

from bot.cli import main

main()
