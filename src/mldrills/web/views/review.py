"""Card review: the /review page and its JSON API (next card, check, rate, stats, settings)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from mldrills.content.decks import deck_paths
from mldrills.errors import NotFound
from mldrills.practice import review
from mldrills.store import UserRecord
from mldrills.web.auth import User
from mldrills.web.markdown import render as markdown
from mldrills.web.schemas import ReviewCheckIn, ReviewRateIn, ReviewSettingsIn
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
Area = Annotated[str | None, Query(description="Only cards of this area.", max_length=64)]
_CACHE: dict[tuple[Any, ...], review.Cards] = {}


def _cards(state: AppState) -> review.Cards:
    """The decks and exercises, reloaded when a deck file changes (edits show on refresh)."""
    root = state.catalog.root
    key = (str(root), tuple((p.name, p.stat().st_mtime_ns) for p in deck_paths(root)))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = review.load_cards(state.catalog)
    return _CACHE[key]


def _now() -> datetime:
    return datetime.now(UTC)


def _front(item: review.QueueItem) -> dict[str, Any]:
    """The card as shown before reveal: no answer, no rubric."""
    card = item.card
    return {
        "key": card.key,
        "area": card.area,
        "kind": item.kind,
        "origin": card.origin,
        "difficulty": card.difficulty,
        "question": card.question,
        "question_html": markdown(card.question),
        "gradable": bool(card.points),
    }


def next_data(state: AppState, user: UserRecord, area: str | None) -> dict[str, Any]:
    """The next card of today's queue (null when done) and the queue's counts."""
    queue = review.build_queue(state.store, user.id, _cards(state), _now(), area=area)
    return {
        "card": _front(queue.items[0]) if queue.items else None,
        "remaining": len(queue.items),
        "due": queue.due_total,
        "new_left": queue.new_left,
        "reviews_left": queue.reviews_left,
        "area": area,
    }


def _card(state: AppState, user: UserRecord, key: str) -> review.ReviewCard:
    """The card ``key``; an exercise card needs the user's reason for queueing it."""
    scheduled = state.store.card_state(user.id, key)
    card = _cards(state).get(key, scheduled.origin if scheduled else "deck")
    # An exercise is a card only for users whose submission put it in their queue.
    if card is None or (key.startswith("exercise:") and scheduled is None):
        raise NotFound(f"no card {key!r}")
    return card


def _back(card: review.ReviewCard, checked: review.Checked) -> dict[str, Any]:
    return {
        "key": card.key,
        "answer": card.answer,
        "answer_html": markdown(card.answer),
        "points": [p.point for p in card.points],
        **checked.to_dict(),
    }


def stats_data(state: AppState, user: UserRecord) -> dict[str, Any]:
    """Forecast, retention, per-area progress and the user's review settings."""
    now = _now()
    store = state.store
    days = review.forecast(store, user.id, now)
    limits = store.review_settings(user.id)
    areas = review.area_stats(store, user.id, now, _cards(state).index)
    return {
        "due_now": review.due_count(store, user.id, now),
        "forecast": [{"date": d.isoformat(), "due": n} for d, n in days],
        "retention": review.retention(store, user.id, now).to_dict(),
        "areas": [a.to_dict() for a in areas.values()],
        "settings": {
            "new_per_day": limits.new_per_day,
            "reviews_per_day": limits.reviews_per_day,
            "desired_retention": limits.desired_retention,
        },
    }


@router.get("/api/review/next", tags=["review"])
def api_next(state: State, user: User, area: Area = None) -> dict[str, Any]:
    """The next card of today's queue, without its answer; ``card`` is null when done."""
    return next_data(state, user, area)


@router.get("/api/review/queue", tags=["review"])
def api_queue(state: State, user: User, area: Area = None) -> dict[str, Any]:
    """Today's whole queue in order (questions only), under the daily limits."""
    queue = review.build_queue(state.store, user.id, _cards(state), _now(), area=area)
    return {
        "cards": [_front(item) for item in queue.items],
        "due": queue.due_total,
        "new_left": queue.new_left,
        "reviews_left": queue.reviews_left,
    }


@router.post("/api/review/check", tags=["review"])
def api_check(state: State, user: User, body: ReviewCheckIn) -> dict[str, Any]:
    """Reveal a card: its model answer and, for a typed answer, the points made and missed.

    ``proposed`` is the rating suggested from the share of points made (null when
    nothing was typed): below 1/3 Again, below 2/3 Hard, below all Good, all Easy.
    """
    card = _card(state, user, body.key)
    return _back(card, review.check(card, body.answer))


@router.post("/api/review/rate", tags=["review"])
def api_rate(state: State, user: User, body: ReviewRateIn) -> dict[str, Any]:
    """Rate a card 1-4 (Again, Hard, Good, Easy); returns when it is due and the next card."""
    card = _card(state, user, body.key)
    checked = review.check(card, body.answer)
    rated = review.rate(
        state.store,
        user.id,
        card,
        body.rating,
        _now(),
        answer=body.answer or None,
        checked=checked,
        elapsed_ms=body.elapsed_ms,
    )
    return {"rated": rated.to_dict(), "next": next_data(state, user, body.area)}


@router.get("/api/review/stats", tags=["review"])
def api_stats(state: State, user: User) -> dict[str, Any]:
    """Cards due now, the 14-day forecast, 30-day retention, per-area progress, settings."""
    return stats_data(state, user)


@router.put("/api/review/settings", tags=["review"])
def api_settings(state: State, user: User, body: ReviewSettingsIn) -> dict[str, Any]:
    """Change the daily limits of new and due cards and the target retention."""
    saved = state.store.save_review_settings(
        user.id,
        new_per_day=body.new_per_day,
        reviews_per_day=body.reviews_per_day,
        desired_retention=body.desired_retention,
    )
    return {
        "new_per_day": saved.new_per_day,
        "reviews_per_day": saved.reviews_per_day,
        "desired_retention": saved.desired_retention,
    }


@router.post("/review/settings", include_in_schema=False)
def settings_form(
    state: State,
    user: User,
    new_per_day: Annotated[int, Form()],
    reviews_per_day: Annotated[int, Form()],
    desired_retention: Annotated[float, Form()],
) -> RedirectResponse:
    """The settings form on /review (works without JavaScript)."""
    state.store.save_review_settings(
        user.id,
        new_per_day=new_per_day,
        reviews_per_day=reviews_per_day,
        desired_retention=desired_retention,
    )
    return RedirectResponse("/review", status_code=303)


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, state: State, user: User, area: Area = None) -> HTMLResponse:
    """The review page: one card at a time, keyboard first, with the forecast and settings."""
    context = {
        "queue": next_data(state, user, area),
        "stats": stats_data(state, user),
        "areas": _cards(state).index.areas,
    }
    return render(request, "review.html", context, active="cards")
