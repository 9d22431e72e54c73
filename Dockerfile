# incident-stream worker image: one image, the stage is chosen by the command
# (`incident-stream worker <stage>`, `incident-stream topics create`, ...).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that code edits do not reinstall spaCy and friends: the runtime lock, pinned
# with hashes (`make lock` refreshes it); the package itself is then installed without dependencies.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

# setup.py copies schemas/ into the wheel as services/core/schemas (see services/core/schemas.py).
COPY pyproject.toml README.md setup.py MANIFEST.in ./
COPY schemas ./schemas
COPY services ./services
RUN pip install --no-deps --no-build-isolation . \
 && rm -rf /app/services /app/schemas /app/build /app/*.egg-info \
 && useradd --system --uid 10001 --home-dir /var/lib/incident-stream --create-home incident-stream

USER incident-stream
ENV INCIDENT_STREAM_DATA_DIR=/var/lib/incident-stream \
    INCIDENT_STREAM_METRICS_PORT=6066
# Compile the gazetteer into the image: replicas of the geocoding stage must not race to build it
# into a shared directory on first use.
RUN incident-stream gazetteer build
EXPOSE 6066

ENTRYPOINT ["incident-stream"]
CMD ["--help"]
