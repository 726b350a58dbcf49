"""Themes across reviews: the typology, the theme model, its suggestions and the
analytics built on learning text (emerging topics, recurrence, recommendation types,
similar-learning search). Pages and reports query these; they never refit a model."""
