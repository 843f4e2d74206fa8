"""The pure risk and red-flag engine shared by every front end."""
