"""One module per published format. Each defines a :class:`DatasetReader` subclass; the
registry finds them all, so adding a format means adding a module here."""
