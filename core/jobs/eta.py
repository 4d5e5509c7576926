"""ETA from measured history: a moving estimate of seconds per step plus a fixed cost per job.

History is kept per work shape (model, size, frames, batch); the number of steps multiplies the
per-step cost, so a 4-step draft and a 30-step final of the same shape share what was learned.
An unseen shape borrows from the nearest known shape of the same model, scaled by the pixels
processed per step, then from any model, then from a prior. Estimates improve as jobs finish
(exponentially weighted, so a driver update or a new GPU is picked up within a few jobs).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from core.jobs.model import WorkProfile

__all__ = ["EtaModel", "EtaPromises", "ShapeStats"]

# Weight of the newest observation. High enough to follow a change within ~5 jobs, low enough
# that one slow job (a page-in, a noisy neighbour) does not swing the estimate.
_ALPHA = 0.35
_PRIOR_STEP_S = 0.5
_PRIOR_FIXED_S = 2.0


@dataclass(frozen=True, slots=True)
class ShapeStats:
    shape_key: str
    model: str
    work_per_step: float
    step_s: float
    fixed_s: float
    samples: int


class EtaModel:
    """Estimates and learns job durations. Pure and synchronous; the store persists `stats()`."""

    def __init__(
        self,
        *,
        prior_step_s: float = _PRIOR_STEP_S,
        prior_fixed_s: float = _PRIOR_FIXED_S,
        alpha: float = _ALPHA,
    ) -> None:
        self._prior_step_s = prior_step_s
        self._prior_fixed_s = prior_fixed_s
        self._alpha = alpha
        self._shapes: dict[str, ShapeStats] = {}

    def load(self, stats: Iterable[ShapeStats]) -> None:
        for item in stats:
            self._shapes[item.shape_key] = item

    def stats(self) -> list[ShapeStats]:
        return list(self._shapes.values())

    def known(self, profile: WorkProfile) -> bool:
        return profile.shape_key in self._shapes

    def estimate(self, profile: WorkProfile) -> float:
        """Seconds from start to finish for a job of this profile."""
        step_s, fixed_s = self._costs(profile)
        return fixed_s + step_s * max(1, profile.steps)

    def remaining(self, profile: WorkProfile, *, elapsed_s: float, step: int | None) -> float:
        """Seconds left for a running job, from its last reported step when there is one."""
        step_s, fixed_s = self._costs(profile)
        total = fixed_s + step_s * max(1, profile.steps)
        if step is None:
            return max(0.0, total - elapsed_s)
        # Decode/encode (the tail of the fixed cost) still follows the remaining steps.
        # Half of the fixed cost is taken to come after the last step (it is mostly decoding and
        # encoding once the model is loaded).
        steps_left = max(0, profile.steps - step)
        return steps_left * step_s + fixed_s * 0.5

    def observe(self, profile: WorkProfile, *, total_s: float, step_s: float | None) -> ShapeStats:
        """Learn from one finished run. `step_s` is measured from step reports when available;
        otherwise the whole duration is split with the current fixed-cost estimate."""
        steps = max(1, profile.steps)
        if step_s is None or step_s <= 0:
            _, fixed_guess = self._costs(profile)
            step_s = max(0.0, total_s - fixed_guess) / steps
        fixed_s = max(0.0, total_s - step_s * steps)
        old = self._shapes.get(profile.shape_key)
        if old is None:
            new = ShapeStats(
                profile.shape_key, profile.model, profile.work_per_step, step_s, fixed_s, 1
            )
        else:
            a = self._alpha
            new = ShapeStats(
                old.shape_key,
                old.model,
                old.work_per_step,
                (1 - a) * old.step_s + a * step_s,
                (1 - a) * old.fixed_s + a * fixed_s,
                old.samples + 1,
            )
        self._shapes[profile.shape_key] = new
        return new

    def _costs(self, profile: WorkProfile) -> tuple[float, float]:
        exact = self._shapes.get(profile.shape_key)
        if exact is not None:
            return exact.step_s, exact.fixed_s
        same_model = [s for s in self._shapes.values() if s.model == profile.model]
        pool = same_model or list(self._shapes.values())
        if not pool:
            return self._prior_step_s, self._prior_fixed_s
        work = profile.work_per_step
        # Nearest shape by work ratio; per-step time scales with pixels per step.
        nearest = min(pool, key=lambda s: abs(_log_ratio(s.work_per_step, work)))
        scale = work / nearest.work_per_step if nearest.work_per_step > 0 else 1.0
        return nearest.step_s * scale, nearest.fixed_s


class EtaPromises:
    """The ETA each member was told at submit, kept until the job is done to measure how far
    off it was (the `eta_abs_error_ratio` metric, phase "submit"). Pure: the caller gives the
    monotonic times."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[float, float]] = {}

    def make(self, job_id: int, eta_s: float, *, at: float) -> None:
        self._made[job_id] = (eta_s, at)

    def drop(self, job_id: int) -> None:
        self._made.pop(job_id, None)

    def settle(self, job_id: int, *, now: float) -> float | None:
        """|promised - actual| / actual for a job done now; None when nothing was promised."""
        promised = self._made.pop(job_id, None)
        if promised is None:
            return None
        eta_s, at = promised
        actual = now - at
        return abs(eta_s - actual) / actual if actual > 0 else None


def _log_ratio(a: float, b: float) -> float:
    return math.log(max(a, 1e-9) / max(b, 1e-9))
