"""What scripts/bench_serve.py sends to each vendor: the list page for wrk, and the reads,
writes and read-backs of the mixed load.

A workload is built from the control API's view of a sandbox (`POST /_sandbox/sandboxes`).
`setup` finds the records the writes need (open jobs, active applications and their
stages) through the vendor API itself. `write(http, client, n)` sends one write and, when
the server acknowledged it, records how to find it again; `expected()` lists those
read-backs after the load. Stage moves are partitioned by client (client i moves only the
applications it owns), so the last acknowledged move of an application is its stage at
the end, and a read-back can tell a lost move from a concurrent one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

from serve_bench_http import Http, ListTarget, Reply, basic_auth

PAGE = 100
Verify = Callable[[Http], bool]


class Workload:
    name = ""

    def __init__(self, sandbox: dict[str, Any]) -> None:
        self.credentials = sandbox["vendors"][self.name]["credentials"]
        self._expect: dict[Any, tuple[str, Verify]] = {}
        self._lock = threading.Lock()
        self.acknowledged = 0
        self._owned: dict[int, list[Any]] = {}

    # --- what a workload defines ----------------------------------------------------------

    def headers(self) -> dict[str, str]:
        raise NotImplementedError

    def setup(self, http: Http, clients: int) -> None:
        """Find what the writes need; `clients` is the number of load threads."""

    def list_target(self) -> ListTarget:
        raise NotImplementedError

    def records_in(self, body: Any) -> int:
        """How many records one list answer holds (to check it is a 100-record page)."""
        raise NotImplementedError

    def write(self, http: Http, client: int, n: int) -> int:
        """Send one write; return its HTTP status."""
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------

    def read(self, http: Http) -> int:
        target = self.list_target()
        return http.call(target.method, target.path, json_body=target.body).status

    def acknowledge(self, key: Any, what: str, verify: Verify) -> None:
        """A write the server acknowledged; a later write with the same key supersedes it
        (a later stage move of the same application)."""
        with self._lock:
            self.acknowledged += 1
            self._expect[key] = (what, verify)

    def expected(self) -> list[tuple[str, Verify]]:
        with self._lock:
            return list(self._expect.values())

    def own(self, items: list[Any], clients: int) -> None:
        """Deal `items` to the clients: client i gets items i, i + clients, ..."""
        self._owned = {c: items[c::clients] for c in range(clients)}

    def owned(self, client: int, n: int) -> Any | None:
        mine = self._owned.get(client) or []
        return mine[n % len(mine)] if mine else None


def _ok(reply: Reply) -> bool:
    return 200 <= reply.status < 300


def _next_stage(stages: list[str], current: str) -> str:
    """The stage after `current` in a cycle over `stages`, so every move changes something."""
    at = stages.index(current) if current in stages else -1
    return stages[(at + 1) % len(stages)]


# --- Ashby: RPC over POST, Basic auth ------------------------------------------------------


class Ashby(Workload):
    name = "ashby"

    def headers(self) -> dict[str, str]:
        return {"Authorization": basic_auth(self.credentials["api_key"]["secret"])}

    def list_target(self) -> ListTarget:
        return ListTarget("POST", "/ashby/candidate.list", self.headers(), {"limit": PAGE})

    def records_in(self, body: Any) -> int:
        return len(body["results"])

    def _all(self, http: Http, method: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        cursor = None
        while True:
            page = http.call(
                "POST", f"/ashby/{method}", json_body={**body, **({"cursor": cursor} if cursor else {})}
            )
            yield from page.body["results"]
            cursor = page.body.get("nextCursor")
            if not page.body.get("moreDataAvailable"):
                return

    def setup(self, http: Http, clients: int) -> None:
        apps = [a for a in self._all(http, "application.list", {"limit": PAGE}) if a["status"] == "Active"]
        plans: dict[str, list[str]] = {}
        movable = []
        for app in apps:
            plan = app["currentInterviewStage"]["interviewPlanId"]
            if plan not in plans:
                stages = http.call("POST", "/ashby/interviewStage.list", json_body={"interviewPlanId": plan})
                # Archived stages need an archive reason; moving between the others is enough.
                plans[plan] = [s["id"] for s in stages.body["results"] if s["type"] != "Archived"]
            if len(plans[plan]) > 1:
                movable.append(
                    {"id": app["id"], "stage": app["currentInterviewStage"]["id"], "stages": plans[plan]}
                )
        self.own(movable, clients)

    def write(self, http: Http, client: int, n: int) -> int:
        app = self.owned(client, n) if n % 2 else None
        if app is None:
            name = f"Load Client{client:02d} Write{n:06d}"
            reply = http.call("POST", "/ashby/candidate.create", json_body={"name": name})
            if _ok(reply) and reply.body.get("success"):
                cid = reply.body["results"]["id"]
                self.acknowledge(cid, f"candidate {name}", lambda h: self._name_is(h, cid, name))
            return reply.status
        stage = _next_stage(app["stages"], app["stage"])
        reply = http.call("POST", "/ashby/application.changeStage",
                          json_body={"applicationId": app["id"], "interviewStageId": stage})  # fmt: skip
        if _ok(reply) and reply.body.get("success"):
            app["stage"] = stage
            self.acknowledge(("stage", app["id"]), f"application {app['id']} in {stage}",
                             lambda h: self._stage_is(h, app["id"], stage))  # fmt: skip
        return reply.status

    @staticmethod
    def _name_is(http: Http, cid: str, name: str) -> bool:
        reply = http.call("POST", "/ashby/candidate.info", json_body={"id": cid})
        return bool(reply.body.get("success")) and reply.body["results"]["name"] == name

    @staticmethod
    def _stage_is(http: Http, app_id: str, stage: str) -> bool:
        reply = http.call("POST", "/ashby/application.info", json_body={"applicationId": app_id})
        return (
            bool(reply.body.get("success")) and reply.body["results"]["currentInterviewStage"]["id"] == stage
        )


# --- Gem: Harvest-shaped ATS API, X-API-Key ---------------------------------------------------


class Gem(Workload):
    name = "gem"
    ats = "/gem/ats/v0"

    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.credentials["api_key"]["secret"]}

    def list_target(self) -> ListTarget:
        # The path as its OpenAPI document spells it (the mock serves it with and without the slash).
        return ListTarget("GET", f"{self.ats}/candidates/?per_page={PAGE}", self.headers())

    def records_in(self, body: Any) -> int:
        return len(body)

    def _all(self, http: Http, collection: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for page in range(1, 1000):
            rows = http.call("GET", f"{self.ats}/{collection}?per_page=500&page={page}").body
            found += rows
            if len(rows) < 500:
                return found
        return found

    def setup(self, http: Http, clients: int) -> None:
        users = self._all(http, "users")
        self.user = next(u["id"] for u in users if not u.get("disabled"))
        self.candidates = [c["id"] for c in self._all(http, "candidates")]
        stages: dict[str, list[str]] = {}
        movable = []
        for app in self._all(http, "applications"):
            if app["status"] != "active" or app.get("deleted_at") or not app["current_stage"]:
                continue
            job = app["jobs"][0]["id"]
            if job not in stages:
                stages[job] = [s["id"] for s in http.call("GET", f"{self.ats}/jobs/{job}/stages").body]
            if len(stages[job]) > 1:
                movable.append({"id": app["id"], "stage": app["current_stage"]["id"], "stages": stages[job]})
        self.own(movable, clients)

    def write(self, http: Http, client: int, n: int) -> int:
        app = self.owned(client, n) if n % 2 else None
        if app is None:
            candidate = self.candidates[(client * 7919 + n) % len(self.candidates)]
            text = f"Load note client {client} write {n}"
            reply = http.call("POST", f"{self.ats}/candidates/{candidate}/activity_feed/notes",
                              json_body={"body": text, "user_id": self.user})  # fmt: skip
            if _ok(reply):
                self.acknowledge(
                    reply.body["id"], f"note {text!r}", lambda h: self._has_note(h, candidate, text)
                )
            return reply.status
        stage = _next_stage(app["stages"], app["stage"])
        reply = http.call("POST", f"{self.ats}/applications/{app['id']}/move",
                          json_body={"from_stage_id": app["stage"], "to_stage_id": stage, "user_id": self.user})  # fmt: skip
        if _ok(reply):
            app["stage"] = stage
            self.acknowledge(("stage", app["id"]), f"application {app['id']} in {stage}",
                             lambda h: self._stage_is(h, app["id"], stage))  # fmt: skip
        return reply.status

    def _has_note(self, http: Http, candidate: str, text: str) -> bool:
        feed = http.call("GET", f"{self.ats}/candidates/{candidate}/activity_feed").body
        return any(note["body"] == text for note in feed["notes"])

    def _stage_is(self, http: Http, app_id: str, stage: str) -> bool:
        return http.call("GET", f"{self.ats}/applications/{app_id}").body["current_stage"]["id"] == stage


# --- Personio: v2 reads with an OAuth token, v1 application writes ------------------------------


class Personio(Workload):
    name = "personio"

    token = ""  # the OAuth access token, fetched in setup

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def setup(self, http: Http, clients: int) -> None:
        client = self.credentials["oauth_client"]
        reply = http.call("POST", "/personio/v2/auth/token", data={
            "grant_type": "client_credentials", "client_id": client["secret"],
            "client_secret": client["meta"]["client_secret"]})  # fmt: skip
        self.token = reply.body["access_token"]
        http.session.headers.update(self.headers())
        feed = http.call("GET", f"/personio/jobs/{self.credentials['company']['secret']}/xml").body
        self.jobs = [int(j) for j in re.findall(r"<position>\s*<id>(\d+)</id>", feed)]
        key = self.credentials["recruiting_api_key"]
        self.v1 = {"Authorization": f"Bearer {key['secret']}", "X-Company-ID": str(key["meta"]["company_id"])}

    def list_target(self) -> ListTarget:
        return ListTarget("GET", f"/personio/v2/recruiting/candidates?limit={PAGE}", self.headers())

    def records_in(self, body: Any) -> int:
        return len(body["_data"])

    def write(self, http: Http, client: int, n: int) -> int:
        email = f"load.c{client:02d}.w{n:06d}@example.com"
        body = {"first_name": f"Client{client:02d}", "last_name": f"Write{n:06d}", "email": email,
                "job_position_id": self.jobs[n % len(self.jobs)]}  # fmt: skip
        reply = http.call("POST", "/personio/v1/recruiting/applications", json_body=body, headers=self.v1)
        if _ok(reply):
            self.acknowledge(email, f"application of {email}", lambda h: self._applied(h, email))
        return reply.status

    @staticmethod
    def _applied(http: Http, email: str) -> bool:
        reply = http.call("GET", f"/personio/v2/recruiting/applications?candidate.email={email}")
        return len(reply.body["_data"]) == 1


# --- Factorial: resources API, x-api-key ------------------------------------------------------


class Factorial(Workload):
    name = "factorial"
    base = "/factorial/api/2026-10-01/resources/ats"

    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.credentials["api_key"]["secret"]}

    def list_target(self) -> ListTarget:
        return ListTarget("GET", f"{self.base}/candidates?limit={PAGE}", self.headers())

    def records_in(self, body: Any) -> int:
        return len(body["data"])

    def setup(self, http: Http, clients: int) -> None:
        postings = http.call("GET", f"{self.base}/job_postings?limit={PAGE}").body["data"]
        self.postings = [p["id"] for p in postings if p["status"] == "published"]
        self.company = self.credentials["api_key"]["meta"]["company_id"]
        self._pending: dict[int, Any] = {}  # client -> its last new candidate, not yet applied

    def write(self, http: Http, client: int, n: int) -> int:
        candidate = self._pending.pop(client, None)
        if candidate is None:
            body = {"company_id": self.company, "first_name": f"Client{client:02d}",
                    "last_name": f"Write{n:06d}", "email": f"load.c{client:02d}.w{n:06d}@example.com"}  # fmt: skip
            reply = http.call("POST", f"{self.base}/candidates", json_body=body)
            if _ok(reply):
                cid = reply.body["id"]
                self._pending[client] = cid
                self.acknowledge(("candidate", cid), f"candidate {cid}",
                                 lambda h: self._is(h, "candidates", cid, "last_name", body["last_name"]))  # fmt: skip
            return reply.status
        posting = self.postings[n % len(self.postings)]
        reply = http.call("POST", f"{self.base}/applications",
                          json_body={"ats_candidate_id": candidate, "ats_job_posting_id": posting})  # fmt: skip
        if _ok(reply):
            aid = reply.body["id"]
            self.acknowledge(("application", aid), f"application {aid}",
                             lambda h: self._is(h, "applications", aid, "ats_candidate_id", candidate))  # fmt: skip
        return reply.status

    def _is(self, http: Http, resource: str, rid: Any, key: str, value: Any) -> bool:
        reply = http.call("GET", f"{self.base}/{resource}/{rid}")
        return reply.status == 200 and str(reply.body[key]) == str(value)


# --- Flatchr: applicant search (no paging) and the career site's candidate creation ----------------


class Flatchr(Workload):
    name = "flatchr"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.credentials['api_key']['secret']}"}

    @property
    def company(self) -> str:
        return self.credentials["api_key"]["meta"]["company_id"]

    def setup(self, http: Http, clients: int) -> None:
        feed = http.call(
            "GET", f"/flatchr/careers/company/{self.credentials['api_key']['meta']['slug']}.json"
        )
        self.vacancies = [item["vacancy"]["slug"] for item in feed.body["items"]]
        # Flatchr's search does not page: a window of creation days holding ~100 applicants
        # stands in for a 100-record page.
        rows = http.call("POST", f"/flatchr/company/{self.company}/search/applicants", json_body={}).body
        days = sorted({_ymd(r["created_at"]) for r in rows})
        counts = {d: sum(1 for r in rows if _ymd(r["created_at"]) == d) for d in days}
        total, end = 0, days[0]
        for day in days:
            if total + counts[day] > PAGE:
                break
            total, end = total + counts[day], day
        self.window = {"start": _mdy(days[0]), "end": _mdy(end)}

    def list_target(self) -> ListTarget:
        return ListTarget("POST", f"/flatchr/company/{self.company}/search/applicants?fields=candidate",
                          self.headers(), self.window)  # fmt: skip

    def records_in(self, body: Any) -> int:
        return len(body)

    def write(self, http: Http, client: int, n: int) -> int:
        email = f"load.c{client:02d}.w{n:06d}@example.com"
        body = {"vacancy": self.vacancies[n % len(self.vacancies)], "firstname": f"Client{client:02d}",
                "lastname": f"Write{n:06d}", "email": email, "token": self.credentials["api_key"]["secret"],
                "type": "link", "resume": "https://example.com/cv.pdf"}  # fmt: skip
        reply = http.call("POST", "/flatchr/careers/vacancy/candidate/json", json_body=body)
        if _ok(reply):
            self.acknowledge(email, f"applicant {email}", lambda h: self._found(h, email))
        return reply.status

    def _found(self, http: Http, email: str) -> bool:
        rows = http.call(
            "POST", f"/flatchr/company/{self.company}/search/applicants", json_body={"email": email}
        )
        return len(rows.body) == 1


def _ymd(ddmmyy: str) -> str:
    """A search row's DD/MM/YY as YYMMDD, which sorts by date (all years are 20YY)."""
    day, month, year = ddmmyy.split("/")
    return f"{year}{month}{day}"


def _mdy(yymmdd: str) -> str:
    """YYMMDD as the MM/DD/YY that search filters take."""
    return f"{yymmdd[2:4]}/{yymmdd[4:6]}/{yymmdd[0:2]}"


WORKLOADS: dict[str, type[Workload]] = {w.name: w for w in (Ashby, Gem, Personio, Factorial, Flatchr)}
