"""What the HTTP benches share: a logged-in browser over plain HTTP, and the app served by
gunicorn as in production (2 workers) until the block ends.

The client never follows redirects and sends what the TLS proxy of a production server adds
(`X-Forwarded-Proto: https`, the origin of a POST), so the secure cookies, the CSRF origin check
and HSTS stay on. A response's body is read whole and returned as bytes.
"""

import contextlib
import http.client
import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A whole-report PDF may take minutes while it is rendered in the request.
TIMEOUT = 600


class Session:
    """One browser: its cookies, sent with every request; no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, url: str, data: dict | None = None, *, keep_cookies: bool = False
    ) -> tuple[int, bytes]:
        """One request; the cookies it sets are kept only when asked (logging in), so that a
        timed request costs the client no parsing."""
        # The proxy in front of a production server terminates TLS and says so.
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + url
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        if keep_cookies:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, content

    def log_in(self, login_url: str, *, username: str, password: str, next_url: str) -> None:
        """Through the login form, with its CSRF token, as a person would; stops the bench if
        the form is missing or the login fails."""
        status, html = self.request("GET", login_url, keep_cookies=True)
        token = CSRF_INPUT.search(html.decode())
        if status != 200 or token is None:
            sys.exit(f"{login_url} answered {status} without a login form.")
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": password,
            "next": next_url,
        }
        status, html = self.request("POST", login_url, form, keep_cookies=True)
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"Logging in {username} at {login_url} failed: {status}\n{html[:2000]!r}")


@contextlib.contextmanager
def gunicorn(env: dict, port: int, log: Path, *, source: Path = ROOT) -> Iterator[None]:
    """`source`'s app served on 127.0.0.1:`port` by 2 gunicorn workers with `env`, its output
    appended to `log`; stopped when the block ends. Stops the bench if it does not answer."""
    with log.open("ab") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "mobility_office.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", str(TIMEOUT)],
            cwd=source,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        probe = Session(port)
        for _ in range(300):
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                probe.request("GET", "/accounts/login/")
                break
            time.sleep(0.1)
        else:
            sys.exit(f"gunicorn did not answer on port {port}:\n{log.read_text()[-3000:]}")
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
