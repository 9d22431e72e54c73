"""faust's aiokafka transport with the consumer's fetch wait taken from the settings.

faust creates its consumer with a fixed fetch_max_wait_ms of 1500. Kafka answers a waiting fetch as soon
as a record arrives, but a broker that holds it instead (the embedded Tansu holds it about half the wait,
whatever arrives) makes every hop of the pipeline wait up to that long: 0.75 s a hop, most of the
publish-to-incident latency over five hops.
"""

from __future__ import annotations

from typing import Any

import aiokafka
import faust
from faust.transport.drivers import aiokafka as aiokafka_driver


class FetchWaitConsumerThread(aiokafka_driver.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Read by AIOKafkaConsumer.start() when it builds its fetcher; faust passes no other way to set it.
        consumer._fetch_max_wait_ms = transport.fetch_max_wait_ms
        return consumer


class FetchWaitConsumer(aiokafka_driver.Consumer):
    def _new_consumer_thread(self) -> aiokafka_driver.AIOKafkaConsumerThread:
        return FetchWaitConsumerThread(self, loop=self.loop, beacon=self.beacon)


class FetchWaitTransport(aiokafka_driver.Transport):
    """The aiokafka transport, its consumer fetching with `fetch_max_wait_seconds`."""

    Consumer = FetchWaitConsumer

    def __init__(self, app: faust.App, fetch_max_wait_seconds: float) -> None:
        super().__init__(app.conf.broker_consumer, app)
        self.fetch_max_wait_ms = max(1, round(fetch_max_wait_seconds * 1000))
