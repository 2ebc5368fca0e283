"""Write the README's worked example: who supports and who opposes CPEC security measures.

    python docs/examples/make_cpec_security.py [OUT.jsonl]
    annotator import docs/examples/cpec-security.jsonl      # into a project with the corpus

The claims on *CPEC security* and *Counter-terrorism cooperation* in the five bundled articles,
coded by reading them, are held below as (article file, quote, …) tuples; offsets are found
with ``str.index`` in the text as annotator stores it (read from a throwaway project seeded with
the bundled corpus), so the output is reproducible. OUT (default: ``cpec-security.jsonl``
beside this script) gets one pre-annotation record per article
(``schemas/pre-annotation.schema.json``); the marks belong to the coder "analyst".

How the articles were coded (the bundled guidelines, made concrete):

- A claim is a position, demand, promise or assessment the text attributes to an actor. Its
  speaker is whoever the text says says it: a spokesman relaying a meeting (Zhao Lijian, the
  ISPR statement) is the speaker of what he relays. An agreement or vow the journalist reports
  ("China and Pakistan have agreed to …", "the two sides vowed …") is a claim of each party.
- Not claims: meetings that only "discussed" or "exchanged views on" security, actions
  (deploying troops, setting up a police cell, attacks), headlines, the journalist's background.
- *CPEC security* when the claim names the corridor, its projects or the Chinese personnel as
  what is protected or attacked; *Counter-terrorism cooperation* for joint action or pledges
  against terrorism not tied to the corridor. One topic per claim: the one it is about.
- Stance is towards protecting the corridor and its people: concern for their safety
  ("reservations about … their staff's security") supports it. The two opposing claims are the
  armed groups' positions as the journalists report them, not their own words.
- A joint claim is one claim per party. Marks of one coder with the same topic and offsets are
  one mark (their ids are derived from them), so the first party's claim spans the clause from
  its subject and the second party's starts at the verb.
- The speaker's mention is marked in the claim's sentence ("he" when nothing else names him
  there); the speakers of "the two sides" in 003 are the China and Pakistan of the sentence
  before. Capitals acting as states are the country ("Islamabad" is Pakistan).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

CODER = "analyst"
CPEC = "CPEC security"
CT = "Counter-terrorism cooperation"

A000 = "000_98736a30118918ea.txt"  # 2019-07-30: Gen Hayat in Beijing
A001 = "001_2f1f9ca0a84ed834.txt"  # (undated): Meng Jianzhu meets Khawaja Asif
A002 = "002_8a3e2bfe2baf5600.txt"  # 2022-05-12: Zhao Lijian on Wang Yi's call with Bilawal
A003 = "003_4f91bb1b40199adf.txt"  # 2017-03-17: Gen Bajwa's first visit to China
A004 = "004_e10b63fce7d7f5d0.txt"  # 2022-06-15: China's demand for outposts in Balochistan

ACTOR_TYPES = {
    "Baloch Liberation Army": "Armed group",
    "Baloch insurgents": "Armed group",
    "China": "Country",
    "Chinese authorities": "Government",
    "East Turkestan Islamic Movement": "Armed group",
    "Guo Shengkun": "Person",
    "ISPR": "Military/Security",
    "Masood Khalid": "Person",
    "Meng Jianzhu": "Person",
    "Pakistan": "Country",
    "Pakistan military leadership": "Military/Security",
    "Qamar Javed Bajwa": "Person",
    "Song Zhongping": "Person",
    "Wang Qishan": "Person",
    "Wang Yi": "Person",
    "Zhao Lijian": "Person",
    "Zubair Mahmood Hayat": "Person",
}


# The lead of 001 is printed twice, as a teaser cut at "links…" and in the body: the body's.
LEAD_001 = (
    "China and Pakistan have agreed to strengthen anti-terrorism and security cooperation"
    " along a USD 50 billion economic corridor that links the restive regions"
)


class Mention(NamedTuple):
    """An actor mention: the quote, found inside ``context`` when it occurs more than once."""

    file: str
    quote: str
    actor: str
    context: str | None = None


class Claim(NamedTuple):
    """A claim: the words that carry it, its topic, speaker, stance and target."""

    file: str
    quote: str
    topic: str
    speaker: str
    stance: str
    target: str | None = None


MENTIONS = [
    Mention(A000, "Wang", "Wang Qishan", "in bilateral relations, Wang said"),
    Mention(A000, "Gen Hayat", "Zubair Mahmood Hayat", "On his part, Gen Hayat said"),
    Mention(A000, "Guo", "Guo Shengkun", "Guo told Gen Hayat"),
    Mention(A000, "Pakistan", "Pakistan", "cooperation with Pakistan so as"),
    Mention(A000, "Baloch Liberation Army", "Baloch Liberation Army"),
    Mention(A001, "China", "China", LEAD_001),
    Mention(A001, "Pakistan", "Pakistan", LEAD_001),
    Mention(A001, "Meng", "Meng Jianzhu", "Meng praised"),
    Mention(A001, "Pakistan", "Pakistan", "praised Pakistan’s efforts"),
    Mention(A001, "Wang Yi", "Wang Yi", "Minister Wang Yi praised"),
    Mention(A001, "Pakistan", "Pakistan", "praised Pakistan’s anti-terrorism record"),
    Mention(A002, "Zhao", "Zhao Lijian", "pay close attention to it, Zhao said"),
    Mention(A002, "Islamabad", "Pakistan", "Islamabad is committed"),
    Mention(A002, "Zhao", "Zhao Lijian", "Zhao stressed"),
    Mention(A002, "he", "Zhao Lijian", "law enforcement and security cooperation, he said"),
    Mention(A003, "China", "China", "between China and Pakistan will be further enhanced"),
    Mention(A003, "Pakistan", "Pakistan", "between China and Pakistan will be further enhanced"),
    Mention(A003, "Masood Khalid", "Masood Khalid"),
    Mention(A003, "Song", "Song Zhongping", "China has invested heavily, Song said"),
    Mention(A003, "East Turkestan Islamic Movement", "East Turkestan Islamic Movement"),
    Mention(A003, "Bajwa", "Qamar Javed Bajwa", "quoted Bajwa as saying"),
    Mention(A004, "Chinese authorities", "Chinese authorities"),
    Mention(
        A004,
        "Pakistan military leadership",
        "Pakistan military leadership",
        "the Pakistan military leadership also assured",
    ),
    Mention(A004, "Beijing", "China", "assured Beijing"),
    Mention(A004, "Baloch insurgents", "Baloch insurgents"),
    Mention(A004, "China", "China", "consider China an imperialist power"),
    Mention(A004, "ISPR", "ISPR", "the ISPR statement said"),
]

CLAIMS = [
    # 000. Skipped: the lead and Hayat's meeting "discussed" security; India's protest is
    # Kashmir/sovereignty; the Special Security Division is an action.
    Claim(
        A000,
        "deepen cooperation in various areas including anti-terrorism and security",
        CT,
        "Wang Qishan",
        "support",
    ),
    Claim(
        A000,
        "will take strong measures to guarantee the smooth advancement of the CPEC construction",
        CPEC,
        "Zubair Mahmood Hayat",
        "support",
    ),
    Claim(
        A000,
        "China stands ready to strengthen anti-terrorism, law enforcement and security cooperation"
        " with Pakistan so as to provide a security guarantee to the construction of the CPEC",
        CPEC,
        "Guo Shengkun",
        "support",
        "Pakistan",
    ),
    Claim(
        A000,
        "threats to their security posed by the Baloch Liberation Army, which is opposed to the"
        " CPEC projects in Balochistan province",
        CPEC,
        "Baloch Liberation Army",
        "oppose",
    ),
    # 001. Skipped: the headline and the lead's teaser (the lead is coded once, in the body);
    # Yang Jiechi's "regional security"; the 15,000-strong force (an action).
    Claim(A001, LEAD_001, CPEC, "China", "support"),
    Claim(
        A001,
        "have agreed to strengthen anti-terrorism and security cooperation"
        " along a USD 50 billion economic corridor that links the restive regions",
        CPEC,
        "Pakistan",
        "support",
    ),
    Claim(
        A001,
        "praised Pakistan’s efforts in counter-terrorism",
        CT,
        "Meng Jianzhu",
        "support",
        "Pakistan",
    ),
    Claim(
        A001,
        "called for strengthened anti-terrorism and security cooperation in building the ambitious"
        " economic corridor",
        CPEC,
        "Meng Jianzhu",
        "support",
    ),
    Claim(A001, "praised Pakistan’s anti-terrorism record", CT, "Wang Yi", "support", "Pakistan"),
    # 002. Skipped: the lead's "steps to beef-up security" and "exchanged views on further
    # strengthening the safeguarding of safety" (the ministers' consensus was on the
    # partnership; security was discussed); the attacks by TTP and BLA (actions).
    Claim(
        A002,
        "The two countries should strengthen counter-terrorism and law enforcement and security"
        " cooperation",
        CT,
        "Zhao Lijian",
        "support",
    ),
    Claim(
        A002,
        "The Chinese government and leaders attach great importance to this",
        CPEC,
        "Zhao Lijian",
        "support",
    ),
    Claim(
        A002,
        "Islamabad is committed to making a thorough investigation and bringing all criminals to"
        " justice, enhancing security protection of Chinese programmes and personnel in Pakistan,"
        " and resolutely preventing any malicious provocation and sabotage targeting CPEC",
        CPEC,
        "Zhao Lijian",
        "support",
        "Pakistan",
    ),
    # 003. Skipped: "military cooperation … especially in weapons and anti-terrorism sectors"
    # (Military cooperation); China blaming the ETIM for attacks in Xinjiang (no topic here).
    Claim(
        A003,
        "The two sides also vowed yesterday to ensure the safety of the China-Pakistan Economic"
        " Corridor (CPEC)",
        CPEC,
        "China",
        "support",
    ),
    Claim(
        A003,
        "vowed yesterday to ensure the safety of the China-Pakistan Economic Corridor (CPEC)",
        CPEC,
        "Pakistan",
        "support",
    ),
    Claim(
        A003,
        "Pakistan has deployed more than 15,000 troops to protect the CPEC and the country’s navy"
        " has raised a special contingent for the protection of Gwadar Port",
        CPEC,
        "Masood Khalid",
        "support",
    ),
    Claim(
        A003,
        "military’s support is necessary to ensure a safe environment in the regions where China"
        " has invested heavily",
        CPEC,
        "Song Zhongping",
        "support",
    ),
    Claim(
        A003,
        "The two countries agreed to enhance anti-terrorism cooperation at the meeting, vowing to"
        " resolutely strike against terrorist forces including the East Turkestan Islamic Movement",
        CT,
        "China",
        "support",
        "East Turkestan Islamic Movement",
    ),
    Claim(
        A003,
        "agreed to enhance anti-terrorism cooperation at the meeting, vowing to"
        " resolutely strike against terrorist forces including the East Turkestan Islamic Movement",
        CT,
        "Pakistan",
        "support",
        "East Turkestan Islamic Movement",
    ),
    Claim(
        A003,
        "fully support the Quadrilateral Cooperation and Coordination Mechanism in Counter"
        " Terrorism by Afghanistan-China-Pakistan- Tajikistan Armed Forces",
        CT,
        "Qamar Javed Bajwa",
        "support",
    ),
    # 004. Skipped: the demand for outposts and the request for time (Foreign military
    # presence); the Islamabad Police's security cell (an action).
    Claim(
        A004,
        "Chinese authorities displayed reservations about the China-Pakistan Economic Corridor"
        " (CPEC) and their staff’s security in Pakistan",
        CPEC,
        "Chinese authorities",
        "support",
    ),
    Claim(
        A004,
        "Baloch insurgents have been attacking CPEC projects and personnel because they consider"
        " China an imperialist power",
        CPEC,
        "Baloch insurgents",
        "oppose",
        "China",
    ),
    Claim(
        A004,
        "assured Beijing of the security of CPEC projects and Chinese citizens in the country",
        CPEC,
        "Pakistan military leadership",
        "support",
        "China",
    ),
    Claim(
        A004,
        "Both sides also vowed to enhance their training, technology and counterterrorism"
        " cooperation at tri service level",
        CT,
        "ISPR",
        "support",
    ),
]


def locate(text: str, quote: str, context: str | None = None) -> tuple[int, int]:
    """Return the offsets of quote: its only occurrence, or the one inside context's only one."""
    around = context or quote
    if text.count(around) != 1:
        raise ValueError(f"{around!r} occurs {text.count(around)} times, not once")
    start = text.index(around) + around.index(quote)
    return start, start + len(quote)


def bundled_articles() -> dict[str, tuple[str, str | None]]:
    """Return each bundled file's (text, date) as annotator stores it (normalised)."""
    from annotator.session import Session

    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(Path(folder) / "corpus.db")
        try:
            session.import_bundled_corpus()
            articles = [session.article(s.id) for s in session.article_summaries()]
        finally:
            session.close()
    return {a.source: (a.text, a.date) for a in articles}


def records(articles: dict[str, tuple[str, str | None]]) -> list[dict]:
    """Return one pre-annotation record per article, in file order, its marks by offset."""
    out = []
    for file in sorted(articles):
        text, date = articles[file]
        marks = []
        for m in (m for m in MENTIONS if m.file == file):
            start, end = locate(text, m.quote, m.context)
            marks.append(
                {
                    "kind": "actor",
                    "start": start,
                    "end": end,
                    "text": m.quote,
                    "label": ACTOR_TYPES[m.actor],
                    "actor": m.actor,
                }
            )
        for c in (c for c in CLAIMS if c.file == file):
            start, end = locate(text, c.quote)
            claim = {
                "kind": "claim",
                "start": start,
                "end": end,
                "text": c.quote,
                "label": c.topic,
                "speaker": c.speaker,
                "stance": c.stance,
            }
            if c.target:
                claim["target"] = c.target
            marks.append(claim)
        marks.sort(key=lambda m: (m["start"], m["end"]))
        record = {"source": file, "date": date, "text": text, "annotator": CODER}
        out.append({**record, "marks": marks})
    return out


def main(out: Path) -> None:
    """Write the records to out, one JSON object a line."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records(bundled_articles())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("cpec-security.jsonl")
    )
