"""The data model shared by every part of tfscreen.

Input: :class:`Transaction` and :class:`Party`, per
``shared/contracts/transaction.schema.json``. Output: :class:`Decision` (one
per valid transaction, the audit trail) and :class:`Alert` (one per alerting
transaction) with their :class:`WatchlistReason` / :class:`TypologyReason`.

Types are msgspec Structs: decoding validates in one pass, fast enough for the
hot path. Nothing here imports faust, Kafka or an engine.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

Country = Annotated[str, Meta(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}$")]
AmountText = Annotated[str, Meta(pattern=r"^[0-9]{1,15}(\.[0-9]{1,8})?$")]
AmountNumber = Annotated[float, Meta(ge=0)]

Channel = Literal["wire", "ach", "card", "atm", "cash", "mvts", "p2p", "crypto", "cheque", "other"]
Direction = Literal["outgoing", "incoming", "internal"]
PartyType = Literal["person", "organization", "unknown"]
CustomerType = Literal["individual", "business", "npo", "msb", "vasp", "government", "unknown"]
PartyRole = Literal["originator", "beneficiary", "intermediary", "remittance_info"]


class Party(msgspec.Struct, frozen=True, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=400)]
    type: PartyType = "unknown"
    account: Annotated[str, Meta(min_length=1, max_length=128)] | None = None
    country: Country | None = None
    bank_bic: Annotated[str, Meta(pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")] | None = None
    customer_type: CustomerType = "unknown"
    date_of_birth: Annotated[str, Meta(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")] | None = None
    nationality: Country | None = None
    id_numbers: Annotated[
        tuple[Annotated[str, Meta(min_length=1, max_length=64)], ...], Meta(max_length=20)
    ] = ()
    address: Annotated[str, Meta(max_length=400)] | None = None


class Transaction(msgspec.Struct, frozen=True, kw_only=True):
    """One payment from the input topic. Unknown fields are ignored here but
    kept in the raw bytes that travel with it (see :class:`Alert.transaction`)."""

    id: Annotated[str, Meta(min_length=1, max_length=128)]
    timestamp: Annotated[datetime, Meta(tz=True)]
    amount: AmountText | AmountNumber
    currency: Currency
    originator: Party
    beneficiary: Party
    channel: Channel = "wire"
    direction: Direction | None = None
    intermediaries: Annotated[tuple[Party, ...], Meta(max_length=20)] = ()
    remittance_info: Annotated[str, Meta(max_length=1000)] | None = None
    purpose_code: Annotated[str, Meta(min_length=1, max_length=35)] | None = None
    mcc: Annotated[str, Meta(pattern=r"^[0-9]{4}$")] | None = None
    terminal_country: Country | None = None

    @property
    def amount_decimal(self) -> Decimal:
        return Decimal(str(self.amount))

    def parties(self) -> list[tuple[PartyRole, Party]]:
        """Every party with its role, in screening order."""
        out: list[tuple[PartyRole, Party]] = [
            ("originator", self.originator),
            ("beneficiary", self.beneficiary),
        ]
        out.extend(("intermediary", p) for p in self.intermediaries)
        return out


class WatchlistReason(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind", tag="watchlist"):
    """A party name matched a listed entry."""

    party_role: PartyRole
    query_name: str
    list: str
    entry_id: str
    matched_name: str
    score: float  # 0-100
    terrorism: bool = False
    explanation: dict[str, Any] | None = None


class TypologyReason(msgspec.Struct, frozen=True, kw_only=True, tag_field="kind", tag="typology"):
    """A typology rule fired."""

    rule: str  # "id@version"
    title: str
    score: float  # 0-100
    evidence: dict[str, Any] = {}


Reason = WatchlistReason | TypologyReason
Severity = Literal["low", "medium", "high", "critical"]
Outcome = Literal["clear", "review", "alert"]  # bands of rules/scoring.py


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    """Exactly one per valid transaction: the proof it was screened."""

    transaction_id: str
    decision: Outcome
    score: int  # 0-100
    alert_id: str | None
    list_versions: dict[str, str]
    ruleset_version: str
    screened_at: datetime
    processing_ms: float
    reasons_count: int = 0
    # "list:entry_id" for list hits, "rule@version" for typology hits: what put a review or
    # alert decision in its band, for analysts sampling the review band.
    reason_refs: tuple[str, ...] = ()


class Alert(msgspec.Struct, frozen=True, kw_only=True):
    """One per alerting transaction, with every reason and the original transaction."""

    alert_id: str
    transaction_id: str
    created_at: datetime
    score: int
    severity: Severity
    reasons: tuple[Reason, ...]
    list_versions: dict[str, str]
    ruleset_version: str
    transaction: msgspec.Raw  # the original JSON bytes, unchanged


class DeadLetter(msgspec.Struct, frozen=True, kw_only=True):
    """Why a message was refused (carried in DLQ headers; used offline as JSON)."""

    stage: Literal["decode", "validate", "screen"]
    error_class: str
    error_message: str
