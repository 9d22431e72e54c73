"""Test helpers for secured Kafka: a throwaway CA with server and client certificates (openssl), and a
TLS-terminating proxy in front of the plaintext embedded broker (Tansu in our wheel cannot serve TLS)."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from services.core.broker import EmbeddedTansu, free_port

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Certificates:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def new_key_and_request(name: str, subject: str, folder: Path) -> None:
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=folder)


def sign(name: str, extensions: str, folder: Path) -> None:
    (folder / f"{name}.ext").write_text(extensions)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-out", f"{name}.pem", "-extfile", f"{name}.ext", cwd=folder)


def make_certificates(folder: Path) -> Certificates:
    """A CA, a server certificate for 127.0.0.1 and a client certificate (CN incident-stream-client)."""
    folder.mkdir(parents=True, exist_ok=True)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", f"/CN=test CA {folder.name}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=folder)
    new_key_and_request("server", "/CN=127.0.0.1", folder)
    sign("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", folder)
    new_key_and_request("client", "/CN=incident-stream-client", folder)
    sign("client", "extendedKeyUsage=clientAuth\n", folder)
    return Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key",
                        folder / "client.pem", folder / "client.key")


@dataclass
class TlsProxy:
    """Accepts TLS on a loopback port and forwards the plaintext bytes to `upstream`, in its own thread.
    With require_client_cert, a client certificate signed by the CA is required; the names it saw are kept."""

    upstream_port: int
    certificates: Certificates
    require_client_cert: bool = False
    port: int = field(default_factory=free_port)
    client_subjects: list[str] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)
    _thread: threading.Thread | None = None

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificates.server_cert, self.certificates.server_key)
        if self.require_client_cert:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.certificates.ca)
        return context

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, ssl.SSLError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError, ssl.SSLError, RuntimeError):
            writer.close()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        peer = client_writer.get_extra_info("peercert") or {}
        for rdn in peer.get("subject", ()):
            self.client_subjects.extend(value for key, value in rdn if key == "commonName")
        try:
            broker_reader, broker_writer = await asyncio.open_connection(HOST, self.upstream_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(self._pipe(client_reader, broker_writer), self._pipe(broker_reader, client_writer))

    def start(self) -> TlsProxy:
        started = threading.Event()

        async def serve() -> None:
            await asyncio.start_server(self._handle, HOST, self.port, ssl=self.server_context())
            started.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"tls-proxy-{self.port}", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise TimeoutError("the TLS proxy did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)


@contextlib.contextmanager
def tls_broker(certificates: Certificates, require_client_cert: bool) -> Iterator[TlsProxy]:
    """An embedded Tansu that advertises a TLS proxy in front of it: every client connection goes through TLS."""
    proxy_port = free_port()
    broker = EmbeddedTansu(advertised=f"{HOST}:{proxy_port}").start()
    proxy = TlsProxy(broker.port, certificates, require_client_cert, port=proxy_port).start()
    try:
        yield proxy
    finally:
        proxy.stop()
        broker.stop()
