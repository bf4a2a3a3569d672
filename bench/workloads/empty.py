"""Start-up of an empty program: nothing but the interpreter (and the freezer's
or host's own start-up)."""
