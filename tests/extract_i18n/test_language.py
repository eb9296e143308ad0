"""Language identification on sentences written for these tests, and the declared language."""

import pytest

from offlimits.extract.jsonl import parse_article
from offlimits.extract.language import detect_language

CASES = [
    ("en", "The ministry has banned the chatbot on all official devices from Monday."),
    ("zh", "监管机构宣布暂停该聊天机器人在国内的服务。"),
    ("ja", "政府は職員に対して生成AIの利用を禁止した。"),
    ("ko", "정부는 공무원의 생성형 AI 사용을 금지했다."),
    ("de", "Die Behörde hat die Nutzung der App auf dienstlichen Geräten verboten."),
    ("fr", "Le régulateur a interdit le service dans les administrations publiques."),
    ("it", "Il Garante ha bloccato l'applicazione per la violazione della privacy degli utenti."),
    ("es", "El Gobierno prohibió el uso de la aplicación en los dispositivos de los funcionarios."),
    ("pt", "O governo proibiu o uso do aplicativo nos computadores dos servidores públicos."),
]


@pytest.mark.parametrize(("expected", "text"), CASES)
def test_detects_each_language(expected, text):
    assert detect_language(text) == expected


def test_declared_language_wins_and_is_normalised():
    assert detect_language("The ministry banned the app.", declared="de-AT") == "de"
    assert detect_language("The ministry banned the app.", declared="xx") == "en"


def test_jsonl_reads_optional_language():
    line = '{"id": "a1", "title": "T", "text": "x", "language": "fr"}'
    assert parse_article(line).language == "fr"
    assert parse_article('{"id": "a2", "title": "T"}').language is None


def test_text_the_model_cannot_encode_is_still_detected():
    text = "Die Behörde hat die Nutzung der App \ud800 auf dienstlichen Geräten verboten."
    assert detect_language(text) == "de"
