"""The home page: above every app it shows (org, conversations, follow-ups)."""
