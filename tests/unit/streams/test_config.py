import pytest

from tfscreen.config import Settings
from tfscreen.errors import ConfigError


def test_defaults():
    s = Settings.from_env({})
    assert s.kafka_bootstrap == "127.0.0.1:9092"
    assert s.topic_dlq == "transactions.dlq"
    assert s.list_paths == []


def test_environment_overrides_with_types():
    s = Settings.from_env({"TFSCREEN_TOPIC_PARTITIONS": "2", "TFSCREEN_ALERT_THRESHOLD": "85.5",
                           "TFSCREEN_LISTS": "a.xml:b.csv", "TFSCREEN_TOPIC_ALERTS": "fiu.alerts"})
    assert (s.topic_partitions, s.alert_threshold, s.topic_alerts) == (2, 85.5, "fiu.alerts")
    assert s.list_paths == ["a.xml", "b.csv"]


def test_explicit_overrides_win_and_none_is_ignored():
    s = Settings.from_env({"TFSCREEN_METRICS_PORT": "1"}, metrics_port=2, kafka_bootstrap=None)
    assert s.metrics_port == 2 and s.kafka_bootstrap == "127.0.0.1:9092"


def test_name_threshold_default_is_the_matcher_default():
    from watchlists.matcher import Matcher

    assert Settings.from_env({}).name_threshold == Matcher.DEFAULT_THRESHOLD
    assert Settings.from_env({"TFSCREEN_NAME_THRESHOLD": "90"}).name_threshold == 90.0


def test_match_cache_size_from_the_environment():
    assert Settings.from_env({}).match_cache == 50_000
    assert Settings.from_env({"TFSCREEN_MATCH_CACHE": "0"}).match_cache == 0


@pytest.mark.parametrize("env", [{"TFSCREEN_TOPIC_PARTITIONS": "many"}, {"TFSCREEN_ALERT_THRESHOLD": "150"},
                                 {"TFSCREEN_NAME_THRESHOLD": "-1"}, {"TFSCREEN_MATCH_CACHE": "-5"},
                                 {"TFSCREEN_REVIEW_THRESHOLD": "80"},
                                 {"TFSCREEN_TOPIC_PARTITIONS": "0"}])
def test_bad_values_name_the_variable(env):
    with pytest.raises(ConfigError, match="TFSCREEN_"):
        Settings.from_env(env)
