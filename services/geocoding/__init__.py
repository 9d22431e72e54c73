"""Geocoding: an embedded GeoNames gazetteer, a toponym matcher and the geocoding stage."""
