"""The gazetteer library: an embedded GeoNames index (build, import, lookup), the toponym matcher and the
place words, cues and demonyms that more than one stage reads."""
