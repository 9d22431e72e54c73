"""Entity stage: sentences, named entities, actors, toponym candidates, numbers and dates of an article."""
