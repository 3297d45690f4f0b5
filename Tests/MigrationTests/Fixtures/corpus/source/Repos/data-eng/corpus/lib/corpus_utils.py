"""Plain Python module beside the notebooks: no notebook header, so it is imported, never %run."""


def normalise_region(name):
    return name.strip().lower()
