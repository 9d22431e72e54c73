"""The geocoding stage: toponyms resolved against the gazetteer (services.gazetteer) from article evidence."""
