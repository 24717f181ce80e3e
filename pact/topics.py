"""The topic vocabulary every package shares, so that provisions can be matched across partnerships.

Each element carries one topic (the elements table's ``topic`` enum, identical in every bundled
package). The label is what analysts read; the definition is the coding rule the codebook prints.
"""

from __future__ import annotations

import pandas as pd

# (topic, label, definition) — the order is the order the atlas and the codebook list them in:
# framing first, then institutions, then the fields of cooperation.
TOPICS: tuple[tuple[str, str, str], ...] = (
    ("interlinked_security", "Interlinked security of Europe and the region",
     "The partnership treats the security of Europe and of the partner's region as linked."),
    ("security_environment", "Assessment of the security environment",
     "A shared reading of the security environment (deteriorating, more complex, more contested)."),
    ("rules_based_order", "Rules-based international order",
     "Upholding the rules-based international order, the UN Charter or international law as an aim."),
    ("shared_values", "Shared values and interests",
     "The partnership is said to rest on shared values, principles or interests."),
    ("comprehensive_security", "Comprehensive concept of security",
     "Security understood as going beyond the military (a broad or comprehensive concept)."),
    ("economic_security", "Economic security",
     "Economic security named as a dimension or field of the partnership."),
    ("legal_form", "Legal form (non-binding)",
     "What kind of instrument the partnership is: a political, non-binding framework, not a treaty."),
    ("high_level_dialogue", "Summits and ministerial dialogue",
     "Summit, foreign-minister or other high-level political meetings that steer the partnership."),
    ("dg_dialogue", "Security and defence dialogue (officials)",
     "A regular security and defence dialogue of senior officials (director-general or deputy level), "
     "the partnership's own steering format."),
    ("sector_dialogues", "Sector-specific dialogues",
     "Thematic dialogues or consultations on particular fields (cyber, space, non-proliferation…)."),
    ("cooperation_review", "Regular review of cooperation",
     "The parties review the areas and progress of cooperation at intervals."),
    ("maritime_security", "Maritime security",
     "Cooperation on maritime security in general, including maritime domain awareness and freedom of navigation."),
    ("joint_exercises", "Joint exercises",
     "Joint training or exercises of the parties' forces, with or without third countries."),
    ("port_calls", "Port calls",
     "Naval port calls as a form of cooperation."),
    ("defence_industry", "Defence industry",
     "Defence-industrial cooperation: exchanges, dialogues or forums on industry, supply chains, "
     "co-development and co-production."),
    ("defence_initiatives", "Consultations on defence initiatives",
     "Consultations or exchanges of information on each side's defence initiatives and policies."),
    ("eu_defence_programmes", "Participation in EU defence programmes",
     "The partner's participation in EU defence programmes and bodies other than SAFE: the European Defence "
     "Fund, the European Defence Agency, PESCO projects."),
    ("safe", "SAFE (Security Action for Europe)",
     "The partner's access to or participation in the EU's SAFE defence-procurement loan instrument; "
     "a partnership is the precondition for a third country's participation."),
    ("military_mobility", "Military mobility and interoperability",
     "Moving forces and equipment across borders (the PESCO Military Mobility project) and making forces "
     "and equipment work together."),
    ("security_of_information_agreement", "Security-of-information agreement",
     "An agreement on the exchange and protection of classified information (negotiations, conclusion)."),
    ("information_sharing", "Information sharing and situational awareness",
     "Exchanging information, intelligence or assessments, or building shared situational awareness, "
     "outside a security-of-information agreement."),
    ("cyber", "Cyber security",
     "Cooperation on cyber security, cyber defence and responses to malicious cyber activity."),
    ("hybrid_threats", "Hybrid threats",
     "Countering hybrid threats, which combine military and non-military means."),
    ("fimi", "Foreign information manipulation (FIMI)",
     "Countering foreign information manipulation and interference and disinformation, named in its own "
     "right (not only nested under hybrid threats)."),
    ("critical_infrastructure", "Critical infrastructure",
     "Protecting critical infrastructure, including undersea cables and energy infrastructure."),
    ("space", "Space",
     "Security and defence in outer space, including space situational awareness."),
    ("emerging_technologies", "Emerging and disruptive technologies",
     "Security aspects of emerging and disruptive technologies, including artificial intelligence."),
    ("non_proliferation_disarmament", "Non-proliferation and disarmament",
     "Non-proliferation, disarmament and arms control, conventional and of weapons of mass destruction."),
    ("counter_terrorism", "Counter-terrorism",
     "Countering terrorism and violent extremism."),
    ("organised_crime", "Organised crime",
     "The external aspects of fighting organised and transnational crime."),
    ("border_management", "Border management",
     "Integrated border management and irregular migration as security fields."),
    ("civil_protection", "Civil protection and civil defence",
     "Civil protection, civil preparedness and civil defence."),
    ("climate_security", "Climate and security",
     "The security consequences of climate change and environmental degradation."),
    ("csdp_missions", "CSDP missions and operations",
     "The partner's participation in, or cooperation with, EU crisis-management missions and operations "
     "(CSDP), including the Rapid Deployment Capacity."),
    ("crisis_management", "Crisis management",
     "Cooperation on crisis management and crisis response in general."),
    ("conflict_prevention", "Conflict prevention and peace",
     "Conflict prevention, peacebuilding, mediation and peacekeeping."),
    ("women_peace_security", "Women, peace and security",
     "The women, peace and security agenda."),
    ("training_education", "Training and education",
     "Joint training and education of personnel, exchanges of defence-college staff and students."),
    ("capacity_building", "Capacity building and assistance",
     "Building the partner's (or third countries') security and defence capacity, including assistance "
     "under the European Peace Facility and resilience support."),
    ("support_to_ukraine", "Support to Ukraine",
     "Support to Ukraine named as part of the partnership's own text or list of areas (not only at the "
     "meeting that announced it)."),
    ("multilateral_cooperation", "Multilateral cooperation",
     "Coordination in multilateral fora (UN, G7, other international organisations) on security."),
    ("consular_cooperation", "Consular cooperation",
     "Consular cooperation, such as evacuating citizens in crises."),
)

# The domain (the filter analysts group elements by) each topic belongs to, the same in every package.
DOMAIN_OF_TOPIC: dict[str, str] = {
    **dict.fromkeys(("interlinked_security", "security_environment", "rules_based_order", "shared_values",
                     "comprehensive_security", "economic_security", "multilateral_cooperation",
                     "support_to_ukraine"), "Strategic outlook"),
    "legal_form": "Legal form",
    **dict.fromkeys(("high_level_dialogue", "dg_dialogue", "sector_dialogues", "cooperation_review"),
                    "Dialogue & institutions"),
    **dict.fromkeys(("maritime_security", "joint_exercises", "port_calls"), "Maritime security"),
    **dict.fromkeys(("defence_industry", "defence_initiatives", "security_of_information_agreement",
                     "information_sharing"), "Defence industry & information"),
    **dict.fromkeys(("eu_defence_programmes", "safe", "military_mobility"), "EU defence programmes"),
    **dict.fromkeys(("cyber", "hybrid_threats", "fimi"), "Cyber, hybrid & FIMI"),
    "critical_infrastructure": "Critical infrastructure",
    "space": "Space",
    "emerging_technologies": "Emerging technologies",
    "non_proliferation_disarmament": "Non-proliferation & disarmament",
    "counter_terrorism": "Counter-terrorism",
    "organised_crime": "Transnational crime",
    "border_management": "Border management",
    **dict.fromkeys(("civil_protection", "climate_security"), "Resilience & civil protection"),
    **dict.fromkeys(("csdp_missions", "crisis_management", "conflict_prevention", "women_peace_security",
                     "consular_cooperation"), "Crisis management & peace"),
    "training_education": "Training & education",
    "capacity_building": "Capacity building",
}

TOPIC_IDS: tuple[str, ...] = tuple(topic for topic, _, _ in TOPICS)
TOPIC_LABELS: dict[str, str] = {topic: label for topic, label, _ in TOPICS}


def topic_label(topic: str) -> str:
    if not topic:
        return "(no topic)"
    return TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def topics_table() -> pd.DataFrame:
    """The vocabulary as the codebook prints it."""
    table = pd.DataFrame(TOPICS, columns=["topic", "label", "definition"])
    table.insert(2, "domain", table["topic"].map(DOMAIN_OF_TOPIC))
    return table
