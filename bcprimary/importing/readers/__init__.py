"""One module per published format, or one package when a format needs helper modules (its
``__init__`` exports the reader). Each defines a :class:`DatasetReader` subclass; the registry
finds them all, so adding a format means adding a module or package here."""
