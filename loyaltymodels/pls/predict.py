r"""PLSpredict: out-of-sample prediction of the endogenous constructs' indicators.

Shmueli et al. (2016, 2019): the data are split into ``folds`` folds (``repeats`` times, with a
new random assignment each time). For each fold the model is estimated on the other folds; the
held-out respondents' indicators are standardized with the training means and standard
deviations, the construct scores of the exogenous constructs are formed with the training
weights and carried through the training path coefficients (``technique="earliest"``, the
earliest-antecedents approach of Shmueli et al. 2019 and SmartPLS), or each endogenous
construct is predicted from the scores of its direct causes (``"direct"``, SEMinR's default).
An indicator's prediction is its loading times the predicted construct score, put back on the
indicator's scale.

Benchmarks, per endogenous indicator:

- LM: a linear regression (with intercept) of the indicator on the indicators of the exogenous
  constructs (``earliest``) or of the construct's direct causes (``direct``), estimated on the
  training folds;
- naive: the training mean, giving :math:`Q^2_{\text{predict}} = 1 - \sum (y -
  \hat y_{\text{PLS}})^2 / \sum (y - \bar y_{\text{train}})^2`.

RMSE and MAE are averaged over the repeats. All training fits of all repeats run as one batch
of correlation matrices. Prediction uses the PLS (composite) estimates, also for a model fitted
with ``consistent=True``.

References
----------
Shmueli, G., Ray, S., Velasquez Estrada, J. M. & Chatla, S. B. (2016). The elephant in the
room: predictive performance of PLS models. Journal of Business Research 69(10), 4552-4564.
Shmueli, G., Sarstedt, M., Hair, J. F. et al. (2019). Predictive model assessment in PLS-SEM:
guidelines for using PLSpredict. European Journal of Marketing 53(11), 2322-2347.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

import numpy as np
import pandas as pd

from loyaltymodels._result import Result
from loyaltymodels._validation import LoyaltyDataError
from loyaltymodels.pls.algorithm import PLSLayout
from loyaltymodels.pls.bootstrap import resample_correlations
from loyaltymodels.pls.estimates import run_pls
from loyaltymodels.pls.syntax import PLSSpec

if TYPE_CHECKING:
    from loyaltymodels.pls.result import PLSResult


__all__ = ["TECHNIQUES", "PLSPredictResult", "PredictOptions", "fold_assignments", "pls_predict"]

TECHNIQUES = ("earliest", "direct")


@dataclass(repr=False)
class PLSPredictResult(Result, frozen=True):
    """PLSpredict metrics per endogenous indicator.

    Attributes
    ----------
    params : pandas.DataFrame
        One row per indicator of an endogenous construct: ``construct``, ``rmse_pls``,
        ``mae_pls``, ``rmse_lm``, ``mae_lm``, ``q2_predict`` and ``pls_beats_lm`` (RMSE).
    folds, repeats : int
        The cross-validation design.
    technique : str
        ``"earliest"`` or ``"direct"`` antecedents.
    random_seed : int or None
        Seed of the fold assignments.
    """

    params: pd.DataFrame
    folds: int
    repeats: int
    technique: str
    random_seed: int | None


def fold_assignments(n_obs: int, folds: int, repeats: int, random_seed: int | None) -> np.ndarray:
    """Random fold of every row, per repeat.

    Repeat r shuffles the rows with ``numpy.random.default_rng(random_seed)`` (its r-th
    ``permutation``) and cuts the shuffled order into ``folds`` contiguous, near-equal parts.

    Parameters
    ----------
    n_obs : int
        Rows.
    folds : int
        Folds.
    repeats : int
        Repetitions.
    random_seed : int, optional
        Seed.

    Returns
    -------
    numpy.ndarray
        repeats x n_obs fold numbers.
    """
    rng = np.random.default_rng(random_seed)
    out = np.empty((repeats, n_obs), dtype=int)
    for r in range(repeats):
        order = rng.permutation(n_obs)
        for f, rows in enumerate(np.array_split(order, folds)):
            out[r, rows] = f
    return out


def _predict_scores(
    scores: np.ndarray, paths: np.ndarray, order: list[int], exogenous: np.ndarray, technique: str
) -> np.ndarray:
    if technique == "direct":
        predicted: np.ndarray = scores @ paths
        predicted[:, exogenous] = scores[:, exogenous]
        return predicted
    predicted = np.where(exogenous[None, :], scores, 0.0)
    for j in order:
        if not exogenous[j]:
            predicted[:, j] = predicted @ paths[:, j]
    return predicted


def _ols_predict(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    design = np.column_stack([np.ones(len(x_train)), x_train])
    beta, *_ = np.linalg.lstsq(design, y_train, rcond=None)
    predicted: np.ndarray = np.column_stack([np.ones(len(x_test)), x_test]) @ beta
    return predicted


class PredictOptions(TypedDict, total=False):
    """The keyword-only settings of :func:`pls_predict` beyond the folds, by name and type.

    :meth:`PLSResult.predict` passes them on; their meaning and defaults are documented once,
    on :func:`pls_predict`.
    """

    technique: str
    random_seed: int | None


def pls_predict(
    result: PLSResult,
    *,
    folds: int = 10,
    repeats: int = 10,
    technique: str = "earliest",
    random_seed: int | None = None,
) -> PLSPredictResult:
    """Cross-validated PLSpredict of a fitted model.

    Parameters
    ----------
    result : PLSResult
        The fitted model: its data are split into folds and its settings refitted on each
        training part.
    folds : int, default 10
        Folds (at least 2, at most the number of rows).
    repeats : int, default 10
        Repetitions.
    technique : {"earliest", "direct"}, default "earliest"
        Earliest antecedents (Shmueli et al. 2019) or direct antecedents (SEMinR's default).
    random_seed : int, optional
        Seed of the fold assignments.

    Returns
    -------
    PLSPredictResult
        RMSE and MAE of PLS and LM predictions and Q^2_predict per endogenous indicator.
    """
    if result.first_stage is not None:
        raise LoyaltyDataError(
            "PLSpredict is not available for models with higher-order constructs or interaction "
            "terms (their indicators are stage-1 scores); fit the model without them."
        )
    values = result.data.to_numpy(dtype=float)
    _check_settings(values.shape[0], folds, repeats, technique)
    targets = _PredictionTargets.of(result.spec, technique)
    assignment = fold_assignments(values.shape[0], int(folds), int(repeats), random_seed)
    train = np.concatenate(
        [(assignment[r][None, :] != np.arange(folds)[:, None]) for r in range(int(repeats))]
    ).astype(float)
    settings = result.settings
    estimates = run_pls(
        resample_correlations(values, train),
        targets.layout,
        scheme=settings["scheme"],
        consistent=False,
        tol=settings["tol"],
        max_iter=settings["max_iter"],
    )
    if not estimates["converged"].all():
        raise LoyaltyDataError(
            f"{int((~estimates['converged']).sum())} training fits did not converge; "
            "PLSpredict needs every fold's weights. Raise max_iter on the model."
        )
    errors = _prediction_errors(values, train, estimates, targets, int(folds), int(repeats))
    return PLSPredictResult(
        params=_prediction_table(*errors, targets),
        folds=int(folds),
        repeats=int(repeats),
        technique=technique,
        random_seed=random_seed,
    )


def _check_settings(n_obs: int, folds: int, repeats: int, technique: str) -> None:
    if int(folds) != folds or folds < 2:
        raise LoyaltyDataError(f"folds must be an integer of at least 2, got {folds!r}.")
    if n_obs < folds:
        raise LoyaltyDataError(
            f"the model was fitted on {n_obs} rows, fewer than folds={folds}; every fold needs "
            "at least one respondent: use fewer folds."
        )
    if int(repeats) != repeats or repeats < 1:
        raise LoyaltyDataError(f"repeats must be a positive integer, got {repeats!r}.")
    if technique not in TECHNIQUES:
        raise LoyaltyDataError(f"technique must be one of {TECHNIQUES}, got {technique!r}.")


@dataclass(frozen=True)
class _PredictionTargets:
    """The indicators of the endogenous constructs and what predicts them."""

    layout: PLSLayout
    names: list[str]
    items: list[str]
    technique: str
    exogenous: np.ndarray
    order: list[int]
    target_items: np.ndarray
    target_constructs: np.ndarray
    predictors: dict[int, np.ndarray]

    @classmethod
    def of(cls, spec: PLSSpec, technique: str) -> _PredictionTargets:
        """Find the targets of ``spec`` and the benchmark's predictor columns per construct."""
        layout = PLSLayout.from_spec(spec)
        names, items = spec.constructs, spec.indicators
        exogenous = np.array([causes.size == 0 for causes in layout.antecedents])
        targets = [
            (items.index(item), names.index(c)) for c in spec.endogenous for item in spec.blocks[c]
        ]
        target_constructs = np.array([j for _, j in targets])
        predictors = {}
        for j in set(target_constructs.tolist()):
            sources = layout.antecedents[j] if technique == "direct" else np.flatnonzero(exogenous)
            predictors[j] = np.concatenate([layout.blocks[c] for c in sources])
        return cls(
            layout,
            names,
            items,
            technique,
            exogenous,
            [names.index(c) for c in spec.causal_order()],
            np.array([i for i, _ in targets]),
            target_constructs,
            predictors,
        )


def _prediction_errors(
    values: np.ndarray,
    train: np.ndarray,
    estimates: dict[str, np.ndarray],
    targets: _PredictionTargets,
    folds: int,
    repeats: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold errors of PLS, the linear benchmark and the training mean, per repeat."""
    t_items, t_constructs = targets.target_items, targets.target_constructs
    shape = (repeats, values.shape[0], t_items.size)
    error_pls, error_lm, error_naive = np.empty(shape), np.empty(shape), np.empty(shape)
    for b, mask in enumerate(train.astype(bool)):
        r = b // folds
        fit_rows, test_rows = values[mask], values[~mask]
        mean, sd = fit_rows.mean(axis=0), fit_rows.std(axis=0, ddof=1)
        scores = ((test_rows - mean) / sd) @ estimates["weights"][b]
        predicted = _predict_scores(
            scores, estimates["paths"][b], targets.order, targets.exogenous, targets.technique
        )
        loadings = estimates["loadings"][b][t_items, t_constructs]
        y_pls = mean[t_items] + sd[t_items] * predicted[:, t_constructs] * loadings
        y_lm = np.empty_like(y_pls)
        for j, columns in targets.predictors.items():
            which = np.flatnonzero(t_constructs == j)
            y_lm[:, which] = _ols_predict(
                fit_rows[:, columns], fit_rows[:, t_items[which]], test_rows[:, columns]
            )
        actual = test_rows[:, t_items]
        error_pls[r, ~mask] = actual - y_pls
        error_lm[r, ~mask] = actual - y_lm
        error_naive[r, ~mask] = actual - mean[t_items]
    return error_pls, error_lm, error_naive


def _rmse(errors: np.ndarray) -> np.ndarray:
    rmse: np.ndarray = np.sqrt((errors**2).mean(axis=1)).mean(axis=0)
    return rmse


def _mae(errors: np.ndarray) -> np.ndarray:
    mae: np.ndarray = np.abs(errors).mean(axis=1).mean(axis=0)
    return mae


def _prediction_table(
    error_pls: np.ndarray,
    error_lm: np.ndarray,
    error_naive: np.ndarray,
    targets: _PredictionTargets,
) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "construct": [targets.names[j] for j in targets.target_constructs],
            "rmse_pls": _rmse(error_pls),
            "mae_pls": _mae(error_pls),
            "rmse_lm": _rmse(error_lm),
            "mae_lm": _mae(error_lm),
            "q2_predict": 1.0 - (error_pls**2).sum(axis=(0, 1)) / (error_naive**2).sum(axis=(0, 1)),
        },
        index=pd.Index([targets.items[i] for i in targets.target_items], name="indicator"),
    )
    table["pls_beats_lm"] = table["rmse_pls"] < table["rmse_lm"]
    return table
