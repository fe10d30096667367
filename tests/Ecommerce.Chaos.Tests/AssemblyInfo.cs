// The short fault run measures a whole platform under load, and silences the services' error lines while it runs:
// nothing else runs beside it.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
