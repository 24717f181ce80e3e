import json

import pandas as pd

from pact.paths import BUNDLED
from pact.topics import DOMAIN_OF_TOPIC, TOPIC_IDS, TOPIC_LABELS, topic_label, topics_table


def test_every_topic_has_a_label_and_a_definition():
    table = topics_table()
    assert table["topic"].is_unique
    assert (table["label"].str.len() > 0).all() and (table["definition"].str.len() > 20).all()


def _bundled():
    return [d for d in sorted(BUNDLED.parent.glob("**/datapackage.json")) if "releases" not in d.parts]


def test_every_topic_belongs_to_one_domain():
    assert set(DOMAIN_OF_TOPIC) == set(TOPIC_IDS)


def test_every_bundled_package_uses_the_shared_vocabulary():
    for descriptor in _bundled():
        resources = {r["name"]: r for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]}
        fields = {f["name"]: f for f in resources["elements"]["schema"]["fields"]}
        assert fields["topic"]["constraints"]["enum"] == list(TOPIC_IDS), descriptor


def test_unknown_topics_read_as_words():
    assert topic_label("maritime_security") == TOPIC_LABELS["maritime_security"]
    assert topic_label("new_field") == "New field"
    assert topic_label("") == "(no topic)"


def test_an_element_sits_in_its_topic_s_domain_in_every_package():
    for descriptor in _bundled():
        elements = pd.read_csv(descriptor.parent / "elements.csv", keep_default_na=False)
        wrong = elements[elements["domain"] != elements["topic"].map(DOMAIN_OF_TOPIC)]
        assert wrong.empty, (descriptor, wrong[["element_id", "domain", "topic"]].to_dict("records"))
