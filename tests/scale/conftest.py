"""One local Spark session for the Spark tests; they skip cleanly without pyspark or Java."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

SESSION_TIME_ZONE = "America/New_York"


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    """A local[2] SparkSession (small shuffle partitions, no UI, explicit session time zone)."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (the 'spark' extra)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime on PATH (Spark needs one: openjdk-17-jre-headless)")
    from pyspark.sql import SparkSession

    # the workers run the tests' interpreter (with numpy, pandas and loyaltymodels)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("loyaltymodels-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", SESSION_TIME_ZONE)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def spark(spark_session: Any) -> Any:
    """The shared session with its time zone set again (another test's builder may change it)."""
    spark_session.conf.set("spark.sql.session.timeZone", SESSION_TIME_ZONE)
    return spark_session
