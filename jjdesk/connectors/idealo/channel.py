"""The idealo channel: offers and their quantities over PWS 2.0, one request per offer.

Implements `ProductChannel`. PWS has no batch endpoint, so a batch is sent by a pool of
`traits.concurrency` workers through one shared pacer; every answer becomes the outcome
of its own offer (idealo's `fieldErrors` name the field). Quantities travel as
`checkoutLimitPerPeriod`: inside the offer on PUT (PUT replaces the whole offer) and
alone by PATCH for a stock change, one call per changed offer. Offers jjdesk has on
idealo are remembered in the `IdLinks` store (kind "offer": SKU → the quantity idealo
was last given), so a quantity the PUT already carried costs no PATCH.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import httpx

from jjdesk import i18n
from jjdesk.connectors.http import HttpTransport, RetryPolicy
from jjdesk.connectors.idealo import messages as _messages  # noqa: F401  (registers texts)
from jjdesk.connectors.idealo.config import IdealoConfig
from jjdesk.connectors.idealo.messages import OFFER_SYSTEM
from jjdesk.connectors.idealo.offer_api import OfferApi, Throttled, WaitTooLong
from jjdesk.connectors.idealo.offer_codec import (
    PROBLEM,
    QUANTITY,
    WARNING,
    OfferSettings,
    offer_payloads,
    sku_problem,
)
from jjdesk.connectors.idealo.pacing import RatePacer, Throughput, pacer_for
from jjdesk.connectors.idealo.wire import refusal
from jjdesk.domain.levels import ExportAction
from jjdesk.domain.models import (
    ChannelPayload,
    ChannelTraits,
    ItemOutcome,
    Product,
    Retry,
    StockLevel,
)
from jjdesk.domain.ports import IdLinks
from jjdesk.errors import ConfigFailure, ItemProblem, NetworkFailure

log = logging.getLogger(__name__)

LINK_OFFER = "offer"
LINK_GONE = "offer_gone"  # an offer idealo no longer had when its stock was sent
BREAKER = 10  # consecutive passing failures after which idealo counts as down


class IdealoChannel:
    """One idealo shop as a product channel."""

    name = "idealo"

    def __init__(
        self,
        config: IdealoConfig,
        links: IdLinks,
        *,
        category_paths: Callable[[], dict[str, tuple[str, ...]]] | None = None,
        cancel: threading.Event | None = None,
        pacer: RatePacer | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.links = links
        self.traits = ChannelTraits(
            batch_size=max(25, 8 * config.concurrency),
            stock_batch_size=250,
            concurrency=config.concurrency,
        )
        self.throughput = Throughput()
        # a 429 is the pacer's business, not the transport's (see `OfferApi`)
        policy = retry or RetryPolicy()
        policy = replace(policy, retry_statuses=policy.retry_statuses - {429})
        self._transport = HttpTransport(
            OFFER_SYSTEM, timeout=config.timeout, retry=policy, cancel=cancel
        )
        self.api = OfferApi(
            config,
            self._transport,
            pacer or pacer_for(config.offer_url, config.offer_client_id),
            self.throughput,
        )
        self._settings = OfferSettings(config.product_url, config.checkout)
        self._category_paths = category_paths
        self._paths: dict[str, tuple[str, ...]] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._passing_failures = 0

    def close(self) -> None:
        """Release the connection pool; log what was sent and how fast."""
        if self.throughput.requests:
            log.info(
                "idealo: %d requests in %.1f s (%.1f/s, %d throttled, concurrency %d)",
                self.throughput.requests,
                self.throughput.seconds,
                self.throughput.per_second,
                self.throughput.throttled,
                self.config.concurrency,
            )
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._transport.close()

    def test_connection(self) -> str:
        """The shop id the offer API answers for (raises when the credentials are bad)."""
        return self.api.shop_id()

    # -- ProductChannel ------------------------------------------------------------------

    def build(self, product: Product, action: ExportAction) -> list[ChannelPayload]:
        """One offer per sellable leaf; a leaf with bad data carries its problem along."""
        if not self.config.product_url.strip():
            raise ConfigFailure(
                i18n.text("idealo.product_url.missing"),
                i18n.text("idealo.product_url.missing.msg"),
            )
        return offer_payloads(product, action, self._settings, self._category_path)

    def upsert(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        """PUT each offer (create or replace), concurrently; one outcome per offer."""
        return self._put(payloads)

    def verify(self) -> list[ItemOutcome]:
        """Offers idealo had lost when their stock was sent: written again by this export."""
        outcomes = []
        for key in self.links.keys(LINK_GONE):
            self.links.delete(LINK_GONE, key)
            outcomes.append(
                ItemOutcome(
                    key,
                    False,
                    field="offer",
                    message=i18n.text("idealo.offer.gone"),
                    retry=Retry.SOON,
                )
            )
        return outcomes

    def commit(self) -> list[ItemOutcome]:
        """Nothing to do: every PWS write takes effect when it is answered."""
        return []

    def remove(self, keys: Sequence[str]) -> list[ItemOutcome]:
        """DELETE each offer; one idealo does not have counts as removed."""
        return self._delete(keys)

    def set_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        """PATCH `checkoutLimitPerPeriod` of each offer whose quantity is not on idealo yet."""
        return self._patch_stock(levels)

    def refresh_timestamps(self) -> None:
        """`PUT /shop/{shopId}/offer`: idealo's import time of every offer becomes now."""
        response = self.api.send("PUT", "")
        if response.status_code >= 300:
            raise NetworkFailure.http_status(OFFER_SYSTEM, response.status_code)

    # -- one request each: prepared and finished in the flow's thread (which owns the
    # -- store connection), sent from the pool -----------------------------------------

    def _put(self, payloads: Sequence[ChannelPayload]) -> list[ItemOutcome]:
        jobs: dict[int, _Job] = {}
        done: dict[int, ItemOutcome] = {}
        for index, payload in enumerate(payloads):
            problem = payload.extra.get(PROBLEM)
            if isinstance(problem, ItemProblem):
                done[index] = _failed(payload.key, problem)
                continue
            quantity = payload.extra.get(QUANTITY)
            body = dict(payload.body)
            body["checkoutLimitPerPeriod"] = quantity if isinstance(quantity, int) else 0
            jobs[index] = _Job("PUT", payload.key, body)
        for index, answer in self._send(jobs).items():
            payload = payloads[index]
            done[index] = self._put_outcome(payload, jobs[index], answer)
        return [done[i] for i in range(len(payloads))]

    def _put_outcome(
        self, payload: ChannelPayload, job: _Job, answer: httpx.Response | ItemOutcome
    ) -> ItemOutcome:
        if isinstance(answer, ItemOutcome):
            return answer
        if answer.status_code not in (200, 201, 204):
            return self._refused(payload.key, answer)
        assert job.body is not None
        self.links.put(LINK_OFFER, payload.key, str(job.body["checkoutLimitPerPeriod"]))
        self.links.delete(LINK_GONE, payload.key)
        warning = payload.extra.get(WARNING)
        if isinstance(warning, ItemProblem):
            return ItemOutcome(
                payload.key, True, field=warning.field, message=warning.message, hint=warning.hint
            )
        return ItemOutcome(payload.key, True, remote_id=payload.key)

    def _delete(self, keys: Sequence[str]) -> list[ItemOutcome]:
        jobs: dict[int, _Job] = {}
        done: dict[int, ItemOutcome] = {}
        for index, key in enumerate(keys):
            unsafe = sku_problem(key)
            if unsafe is not None:
                done[index] = _failed(key, unsafe)
            else:
                jobs[index] = _Job("DELETE", key)
        for index, answer in self._send(jobs).items():
            key = keys[index]
            if isinstance(answer, ItemOutcome):
                done[index] = answer
            elif answer.status_code in (200, 202, 204, 404):
                self.links.delete(LINK_OFFER, key)
                self.links.delete(LINK_GONE, key)
                done[index] = ItemOutcome(key, True)
            else:
                done[index] = self._refused(key, answer)
        return [done[i] for i in range(len(keys))]

    def _patch_stock(self, levels: Sequence[StockLevel]) -> list[ItemOutcome]:
        jobs: dict[int, _Job] = {}
        done: dict[int, ItemOutcome] = {}
        for index, level in enumerate(levels):
            key = level.product_id
            quantity = max(0, level.quantity)
            unsafe = sku_problem(key)
            known = self.links.get(LINK_OFFER, key) if unsafe is None else None
            if unsafe is not None:
                done[index] = _failed(key, unsafe, field="stock")
            elif known is None:
                # no offer on idealo (yet): the product export sends the quantity with it
                done[index] = _no_offer(key)
            elif known == str(quantity):
                done[index] = ItemOutcome(key, True, remote_id=key)  # idealo has it already
            else:
                body = {"sku": key, "checkoutLimitPerPeriod": quantity}
                jobs[index] = _Job("PATCH", key, body)
        for index, answer in self._send(jobs).items():
            key = levels[index].product_id
            if isinstance(answer, ItemOutcome):
                done[index] = answer
            elif answer.status_code in (200, 204):
                self.links.put(LINK_OFFER, key, str(max(0, levels[index].quantity)))
                done[index] = ItemOutcome(key, True, remote_id=key)
            elif answer.status_code == 404:
                # idealo lost the offer: the next product export writes it again (verify)
                self.links.delete(LINK_OFFER, key)
                self.links.put(LINK_GONE, key, key)
                done[index] = _no_offer(key)
            else:
                done[index] = self._refused(key, answer, field="stock")
        return [done[i] for i in range(len(levels))]

    def _send(self, jobs: dict[int, _Job]) -> dict[int, httpx.Response | ItemOutcome]:
        """Send the jobs on up to `concurrency` workers; answers by the jobs' index.

        A failure of the whole system (credentials, idealo down, Cancel) ends the batch:
        requests not started yet are dropped and the failure goes to the flow.
        """
        if not jobs:
            return {}
        if self.config.concurrency == 1 or len(jobs) == 1:
            return {index: self._request(job) for index, job in jobs.items()}
        pool = self._workers()
        futures = {index: pool.submit(self._request, job) for index, job in jobs.items()}
        try:
            return {index: future.result() for index, future in futures.items()}
        finally:
            for future in futures.values():
                future.cancel()

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="idealo")
        return self._pool

    def _request(self, job: _Job) -> httpx.Response | ItemOutcome:
        """The answer, or a passing failure of this item (SOON) while idealo is not down.

        Runs in a worker: no store access here, only the in-memory failure count.
        """
        try:
            response = self.api.send(job.method, job.key, job.body)
        except Throttled:
            return self._passing(job.key, i18n.text("idealo.throttled"))
        except WaitTooLong:
            raise
        except NetworkFailure as exc:
            return self._passing(job.key, exc.message, exc)
        with self._lock:
            self._passing_failures = 0
        return response

    def _passing(self, key: str, message: str, exc: NetworkFailure | None = None) -> ItemOutcome:
        with self._lock:
            self._passing_failures += 1
            down = self._passing_failures >= BREAKER
        if down:
            raise exc or NetworkFailure.unreachable(OFFER_SYSTEM, message)
        return ItemOutcome(key, False, field="offer", message=message, retry=Retry.SOON)

    def _refused(self, key: str, response: httpx.Response, field: str = "") -> ItemOutcome:
        """idealo refused the offer: field errors are our data, the rest may clear."""
        status = response.status_code
        if status >= 500:
            return self._passing(key, i18n.text("idealo.http_error", status=status))
        found = refusal(response)
        text = found.text() or i18n.text("idealo.http_error", status=status)
        if found.fields:
            return ItemOutcome(
                key,
                False,
                field=found.field_names or field,
                message=i18n.text("idealo.offer.refused", text=text),
                hint=i18n.text("idealo.offer.refused.hint"),
                retry=Retry.ON_CHANGE,
            )
        return ItemOutcome(
            key,
            False,
            field=field or "offer",
            message=i18n.text("idealo.offer.refused", text=text),
            hint=i18n.text("idealo.offer.general.hint"),
            retry=Retry.LATER,
        )

    def _category_path(self, catalog_ids: Sequence[str]) -> list[str]:
        """The names from the top of Afterbuy's catalogue tree down to the first catalogue."""
        if self._category_paths is None:
            return []
        if self._paths is None:
            self._paths = self._category_paths()
        paths = self._paths
        for catalog_id in catalog_ids:
            path = paths.get(catalog_id)
            if path:
                return list(path)
        return []


@dataclass(frozen=True, slots=True)
class _Job:
    """One request to send: method, SKU and JSON body."""

    method: str
    key: str
    body: dict[str, object] | None = None


def _no_offer(key: str) -> ItemOutcome:
    return ItemOutcome(
        key, False, field="stock", message=i18n.text("idealo.stock.no_offer"), skipped=True
    )


def _failed(key: str, problem: ItemProblem, field: str = "") -> ItemOutcome:
    """An item refused before any call (bad free field, unsafe SKU): waits for new data."""
    return ItemOutcome(
        key,
        False,
        field=problem.field or field,
        message=problem.message,
        hint=problem.hint,
        retry=Retry.ON_CHANGE,
    )
