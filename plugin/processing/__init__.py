"""The Processing provider: thin algorithms over the same core functions as the CLI."""
