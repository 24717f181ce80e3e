import json

from pact.paths import BUNDLED
from pact.topics import TOPIC_IDS, TOPIC_LABELS, topic_label, topics_table


def test_every_topic_has_a_label_and_a_definition():
    table = topics_table()
    assert table["topic"].is_unique
    assert (table["label"].str.len() > 0).all() and (table["definition"].str.len() > 20).all()


def test_every_bundled_package_uses_the_shared_vocabulary():
    for descriptor in sorted(BUNDLED.parent.glob("**/datapackage.json")):
        if "releases" in descriptor.parts:
            continue
        resources = {r["name"]: r for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]}
        fields = {f["name"]: f for f in resources["elements"]["schema"]["fields"]}
        assert fields["topic"]["constraints"]["enum"] == list(TOPIC_IDS), descriptor


def test_unknown_topics_read_as_words():
    assert topic_label("maritime_security") == TOPIC_LABELS["maritime_security"]
    assert topic_label("new_field") == "New field"
    assert topic_label("") == "(no topic)"
