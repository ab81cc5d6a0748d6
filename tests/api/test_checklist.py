"""One-thing scenarios: questionnaire, checklist, and answers that do not fit."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE_CATALOGUE, GraphQLClient

CHECKLIST = """query($s: String!, $a: [AnswerInput!]!) {
  checklist(scenario: $s, answers: $a) {
    checklist { scenarioCode matters { code } totalFeeFen visits longestPromisedDays
                materials { name licenceTypeCode neededBy required satisfied } }
    errors { code field message }
  }
}"""
BIRTH = [
    {"question": "sbk", "values": ["no"]},
    {"question": "hukou", "values": ["one"]},
    {"question": "shengyu", "values": ["yes"]},
    {"question": "djfw", "values": ["no"]},
]


def sample(name: str) -> dict[str, dict]:  # type: ignore[type-arg]
    rows = json.loads((SAMPLE_CATALOGUE / name).read_text("utf-8"))
    return {row["code"]: row for row in rows}


async def test_questionnaire_is_exposed(gql: GraphQLClient) -> None:
    body = await gql('{ scenario(code: "LJ-YJS-CS") { name questions { id multiple options { value } } } }')
    questions = body["data"]["scenario"]["questions"]
    assert [q["id"] for q in questions] == ["sbk", "hukou", "shengyu", "djfw"]
    assert [o["value"] for o in questions[1]["options"]] == ["both", "one", "none"]


async def test_answers_add_and_remove_matters_and_merge_materials(gql: GraphQLClient) -> None:
    result = (await gql(CHECKLIST, {"s": "LJ-YJS-CS", "a": BIRTH}))["data"]["checklist"]
    assert result["errors"] == []
    checklist = result["checklist"]
    codes = [
        "LJ-WJJ-001",
        "LJ-WJJ-009",
        "LJ-GAFJ-001",
        "LJ-YBJ-007",
        "LJ-YBJ-004",
    ]  # base - RSJ-001 + YBJ-004
    assert [m["code"] for m in checklist["matters"]] == codes
    matters = sample("matters.json")
    chosen = [matters[c] for c in codes]
    assert checklist["totalFeeFen"] == sum(i["amount_fen"] for m in chosen for i in m["fee"]["items"])
    assert checklist["visits"] == max(m["visits_required"] for m in chosen)
    assert checklist["longestPromisedDays"] == max(m["promised_limit_days"] for m in chosen)
    # the identity card is asked for once, listing every matter that needs it
    id_cards = [m for m in checklist["materials"] if m["licenceTypeCode"] == "LIC-JMSFZ"]
    needing = [m["code"] for m in chosen if any(x["licence_type"] == "LIC-JMSFZ" for x in m["materials"])]
    assert len(id_cards) == 1
    assert id_cards[0]["neededBy"] == needing
    assert len(needing) > 1
    # the answer "only one parent is registered here" adds a declaration of the scenario's own
    declaration = [m for m in checklist["materials"] if m["name"] == "随父或随母落户意愿声明"]
    assert declaration == [
        {
            "name": "随父或随母落户意愿声明",
            "licenceTypeCode": None,
            "neededBy": ["LJ-YJS-CS"],
            "required": True,
            "satisfied": False,
        }
    ]


async def test_answers_that_do_not_fit_are_typed_errors(gql: GraphQLClient) -> None:
    wrong = [
        {"question": "sbk", "values": ["maybe"]},
        {"question": "hukou", "values": ["both", "one"]},
        {"question": "nope", "values": ["yes"]},
    ]
    result = (await gql(CHECKLIST, {"s": "LJ-YJS-CS", "a": wrong}))["data"]["checklist"]
    assert result["checklist"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_ANSWER", "answers[0].values"),
        ("INVALID_ANSWER", "answers[1].values"),
        ("INVALID_ANSWER", "answers[2].question"),
        ("MISSING_ANSWER", "answers"),
        ("MISSING_ANSWER", "answers"),
    ]
    assert [e["message"] for e in result["errors"][3:]] == [
        "question 'shengyu' is not answered",
        "question 'djfw' is not answered",
    ]
    missing = (await gql(CHECKLIST, {"s": "LJ-NOPE", "a": []}))["data"]["checklist"]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
