"""Installing and running a local LanguageTool server from Maven Central.

LanguageTool's own download site is not always reachable (and language-tool-
python's automatic download fails where it is not), but its jars are on Maven
Central.  ``install`` resolves ``languagetool-server`` (without
``language-all``, every language, hundreds of MB) plus ``language-en`` into a
cache folder with Maven; ``serve`` starts ``org.languagetool.server.HTTPServer``
on 127.0.0.1 from those jars.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

#: Pinned: 6.6 is the first release that needs Java 17, and is well tested here.
LT_VERSION = "6.6"

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>editlint</groupId>
  <artifactId>languagetool-bundle</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>languagetool-server</artifactId>
      <version>{version}</version>
      <exclusions>
        <exclusion><groupId>org.languagetool</groupId><artifactId>language-all</artifactId></exclusion>
      </exclusions>
    </dependency>
{modules}
  </dependencies>
</project>
"""


#: English, plus the three languages whose classes the server's language
#: detector (CommonWordsDetector) loads in its static initialiser: without
#: them HTTPServer dies at start-up with "'es' is not a language code known".
MODULES = ("language-en", "language-es", "language-ca", "language-pt")

_MODULE = """    <dependency>
      <groupId>org.languagetool</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
    </dependency>"""


class LanguageToolError(Exception):
    """Something the user can fix: the message says what and how."""


def cache_dir() -> Path:
    """Where LanguageTool is installed (``EDITLINT_LANGUAGETOOL_HOME`` or the user cache)."""
    env = os.environ.get("EDITLINT_LANGUAGETOOL_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "editlint" / "languagetool" / LT_VERSION


def installed_dir() -> Path | None:
    """The folder of jars, if an install is complete."""
    d = cache_dir()
    if (d / ".complete").exists() and any(d.glob("languagetool-server-*.jar")):
        return d
    return None


def java_version() -> int | None:
    """Major version of ``java`` on PATH (None when there is no java)."""
    java = shutil.which("java")
    if not java:
        return None
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def check_java() -> None:
    v = java_version()
    if v is None:
        raise LanguageToolError("Java is not on PATH: LanguageTool needs Java 17 or newer (e.g. `apt-get install openjdk-17-jre-headless`).")
    if v < 17:
        raise LanguageToolError(f"Java {v} found, but LanguageTool {LT_VERSION} needs Java 17 or newer.")


def install(progress=print) -> Path:
    """Resolve LanguageTool's jars from Maven Central into :func:`cache_dir`."""
    if installed_dir():
        return cache_dir()
    mvn = shutil.which("mvn")
    if not mvn:
        raise LanguageToolError("Maven (`mvn`) is not on PATH: install it (e.g. `apt-get install maven`) and run `editlint languagetool install` again.")
    check_java()
    target = cache_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lt-", dir=target.parent))
    try:
        modules = "\n".join(_MODULE.format(artifact=m, version=LT_VERSION) for m in MODULES)
        (staging / "pom.xml").write_text(_POM.format(version=LT_VERSION, modules=modules), encoding="utf-8")
        progress(f"Resolving LanguageTool {LT_VERSION} (server + English) from Maven Central into {target} ...")
        cmd = [mvn, "-q", "-B", "-f", str(staging / "pom.xml"), "dependency:copy-dependencies", f"-DoutputDirectory={staging / 'jars'}"]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
            raise LanguageToolError("Maven could not resolve LanguageTool: " + " | ".join(tail))
        jars = staging / "jars"
        (jars / "server.properties").write_text("# editlint: defaults\n", encoding="utf-8")
        (jars / ".complete").write_text(LT_VERSION, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(jars, target)  # atomic: a half-finished install is never used
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/v2/healthcheck", timeout=timeout) as r:  # noqa: S310 - loopback URL
            return r.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:``port`` (and we may bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Server:
    """A LanguageTool HTTP server process on 127.0.0.1 (context manager)."""

    def __init__(self, port: int | None = None, jars: Path | None = None, memory: str = "1g"):
        self.port = port or free_port()
        self.jars = jars or installed_dir()
        if self.jars is None:
            raise LanguageToolError("LanguageTool is not installed: run `editlint languagetool install` (needs Maven and Java 17).")
        self.memory = memory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: float = 120.0, stderr=None) -> Server:
        """Start and wait until it answers.  ``stderr``: a file for the
        server's log (a daemon must not write to a pipe nobody reads)."""
        check_java()
        cmd = [
            shutil.which("java") or "java",
            f"-Xmx{self.memory}",
            "-cp",
            str(self.jars / "*"),
            "org.languagetool.server.HTTPServer",
            "--port",
            str(self.port),
            "--config",
            str(self.jars / "server.properties"),
        ]
        if not port_free(self.port):
            # Another program's answer would be taken for ours (and stopping "it" would stop theirs).
            raise LanguageToolError(f"port {self.port} on 127.0.0.1 is already in use; choose another with --port")
        # No --public / --allow-origin: the server accepts loopback connections only.
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr or subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    err = (self.process.stderr.read() or b"").decode(errors="replace").strip().splitlines()[-3:] if self.process.stderr else ["see its log"]
                    raise LanguageToolError("LanguageTool server exited: " + " | ".join(err))
                if healthy(self.url, timeout=1.0):
                    self._warm()
                    return self
                time.sleep(0.25)
            raise LanguageToolError(f"LanguageTool server did not answer on {self.url} within {wait:.0f} s")
        except BaseException:
            # A failed start, Ctrl-C or SIGTERM mid-start: never leave a
            # half-started 1 GB Java process behind.
            self.stop()
            raise

    def _warm(self) -> None:
        # The first check loads the English rules (several seconds): pay it now.
        data = urllib.parse.urlencode({"language": "en-US", "text": "This are a warm-up."}).encode()
        try:
            urllib.request.urlopen(self.url + "/v2/check", data=data, timeout=120).read()  # noqa: S310 - loopback URL
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

