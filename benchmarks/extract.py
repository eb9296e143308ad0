"""Benchmark: extractor throughput on ~2 KB articles synthesised from our own sentence templates.

    .venv/bin/python benchmarks/extract.py [--articles 2000] [--size 2000] [--min-rate 300]

Prints articles/s on one core for English, then a figure per other language (articles built the
same way from a few sentences of ours in each); exits 1 when English is below --min-rate.
Target: >= 300 articles/s.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from offlimits.extract import extract, load_gazetteer  # noqa: E402
from offlimits.extract.model import ArticleText  # noqa: E402

ACTORS = ["Samsung", "JPMorgan Chase", "the Czech government", "Italy's privacy watchdog",
          "Taiwan's Ministry of Digital Affairs", "the US Navy", "South Korean ministries",
          "Verizon", "a Texas state agency", "the House of Representatives", "Australia"]
TOOLS = ["ChatGPT", "DeepSeek", "Claude Code", "Microsoft Copilot", "Gemini 2.5 Pro", "Qwen3",
         "Grok 3", "Meta AI", "GitHub Copilot", "Kimi"]
EVENTS = [
    "{actor} has banned staff from using {tool} on work devices.",
    "{actor} said on Tuesday that it had blocked access to {tool} starting July 10.",
    "{tool} was suspended by {actor} pending a review of its data practices.",
    "{actor} lifted its ban on {tool} after the vendor added new privacy controls.",
    "{actor} warned employees not to paste confidential code into {tool}.",
    "{actor} restricted the use of {tool} from 1 March, according to an internal memo.",
]
FILLER = [
    "Analysts said the decision reflects growing concern about where prompts are stored.",
    "The company did not respond to a request for comment on Monday.",
    "Shares in the technology sector rose slightly in early trading in New York.",
    "Regulators in Europe have been studying the data flows of chatbots for months.",
    "Critics argue the rules are vague and hard to enforce across large organisations.",
    "The move follows similar steps by several banks and government departments last year.",
    "Security teams have published guidance on approved tools and how to request access.",
    "Usage of AI assistants has grown quickly among software developers and analysts.",
    "The startup raised new funding this spring and plans to open an office in London.",
    "Officials said a longer review would be completed by the end of the month.",
]


# other languages: (actors, event templates, filler), sentences written for this benchmark
OTHER: dict[str, tuple[list[str], list[str], list[str]]] = {
    "de": (["Die italienische Datenschutzbehörde", "Die Bundesregierung", "Siemens"],
           ["{actor} verbietet {tool} auf dienstlichen Geräten.",
            "{actor} hat die Nutzung von {tool} ab dem 1. März eingeschränkt."],
           ["Analysten sehen darin eine Reaktion auf Sorgen um gespeicherte Eingaben.",
            "Das Unternehmen äußerte sich am Montag nicht zu den Fragen.",
            "Die Aktien der Branche legten im frühen Handel leicht zu."]),
    "fr": (["La CNIL", "Le gouvernement français", "Sciences Po"],
           ["{actor} interdit {tool} sur les postes de travail.",
            "{actor} ouvre une enquête sur {tool} à partir du 3 avril."],
           ["Les analystes y voient une inquiétude sur le stockage des requêtes.",
            "L'entreprise n'a pas répondu lundi aux questions.",
            "Les valeurs technologiques ont légèrement progressé à l'ouverture."]),
    "it": (["Il Garante della privacy", "Il governo italiano"],
           ["{actor} blocca {tool} con effetto immediato.",
            "{actor} ha avviato un'istruttoria su {tool}."],
           ["Secondo gli analisti la decisione riflette timori sui dati degli utenti.",
            "La società non ha commentato la notizia lunedì."]),
    "es": (["La AEPD", "El Gobierno de España"],
           ["{actor} prohíbe {tool} en los ordenadores oficiales.",
            "{actor} investiga a {tool} por el uso de datos personales."],
           ["Los analistas creen que la medida responde a la preocupación por los datos.",
            "La empresa no respondió el lunes a las preguntas."]),
    "pt": (["A ANPD", "O governo brasileiro"],
           ["{actor} proíbe {tool} nos computadores do governo.",
            "{actor} investiga {tool} pela coleta de dados pessoais."],
           ["Analistas dizem que a decisão reflete preocupação com os dados.",
            "A empresa não comentou o assunto na segunda-feira."]),
    "nl": (["Het kabinet", "De Autoriteit Persoonsgegevens"],
           ["{actor} verbiedt {tool} op werktelefoons.",
            "{actor} waarschuwt voor de risico's van {tool}."],
           ["Volgens analisten speelt de zorg over opgeslagen gegevens mee.",
            "Het bedrijf reageerde maandag niet op vragen."]),
    "zh": (["數位發展部", "香港大學"],
           ["{actor}宣布禁止使用{tool}。", "{actor}暫停{tool}的服務。"],
           ["分析人士認為這反映了對數據儲存的擔憂。", "該公司週一未回應查詢。"]),
    "ja": (["個人情報保護委員会", "ソフトバンク"],
           ["{actor}は{tool}の業務利用を禁止した。", "{actor}は{tool}に対して注意喚起を行った。"],
           ["専門家はデータの保存先への懸念を指摘している。", "同社は月曜日、コメントを控えた。"]),
    "ko": (["개인정보보호위원회", "카카오"],
           ["{actor}는 {tool} 사용을 금지했다.", "{actor}는 {tool}의 신규 다운로드를 중단했다."],
           ["전문가들은 데이터 저장 위치에 대한 우려를 지적했다.",
            "회사는 월요일 논평을 거부했다."]),
    "hi": (["वित्त मंत्रालय", "भारत सरकार"],
           ["{actor} ने सरकारी कंप्यूटरों पर {tool} पर प्रतिबंध लगाया।",
            "{actor} ने {tool} के इस्तेमाल पर चेतावनी दी।"],
           ["विशेषज्ञों ने डेटा सुरक्षा पर चिंता जताई।", "कंपनी ने सोमवार को कोई टिप्पणी नहीं की।"]),
}


def synthesise(n: int, size: int, seed: int = 7, language: str = "en") -> list[ArticleText]:
    """`n` articles of about `size` characters: mostly filler, a few event sentences."""
    rng = random.Random(seed)
    actors, events, filler = (ACTORS, EVENTS, FILLER) if language == "en" else OTHER[language]
    out = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            if rng.random() < 0.25:
                parts.append(rng.choice(events).format(actor=rng.choice(actors),
                                                       tool=rng.choice(TOOLS)))
            else:
                parts.append(rng.choice(filler))
        title = rng.choice(events).format(actor=rng.choice(actors), tool=rng.choice(TOOLS))
        out.append(ArticleText(id=f"bench-{i}", title=title.rstrip("."),
                               text=" ".join(parts)[:size], published="2025-02-04"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--size", type=int, default=2000, help="characters per article")
    ap.add_argument("--min-rate", type=float, default=300.0)
    args = ap.parse_args()
    gazetteer = load_gazetteer()
    articles = synthesise(args.articles, args.size)
    extract(articles[0], gazetteer)  # compile regexes before timing
    started = time.perf_counter()
    events = sum(len(extract(a, gazetteer).events) for a in articles)
    elapsed = time.perf_counter() - started
    rate = len(articles) / elapsed
    mean = sum(len(a.text) for a in articles) / len(articles)
    print(f"{len(articles)} articles of {mean:.0f} chars in {elapsed:.2f} s: "
          f"{rate:.0f} articles/s ({events} events)")
    unbroken = ArticleText(id="unbroken", title="", text=" ".join(FILLER).replace(".", "") * 110)
    started = time.perf_counter()
    extract(unbroken, gazetteer)
    print(f"one {len(unbroken.text) // 1000} KB text without sentence breaks: "
          f"{time.perf_counter() - started:.2f} s")
    tracemalloc.start()
    for a in articles[:200]:
        extract(a, gazetteer)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory over 200 articles: {peak / 1e6:.1f} MB (Python objects; the "
          "language model is native code)")
    for language in OTHER:
        batch = synthesise(max(args.articles // 5, 50), args.size, language=language)
        extract(batch[0], gazetteer)
        started = time.perf_counter()
        found = sum(len(extract(a, gazetteer).events) for a in batch)
        elapsed = time.perf_counter() - started
        print(f"{language}: {len(batch) / elapsed:.0f} articles/s ({found} events in "
              f"{len(batch)} articles)")
    if rate < args.min_rate:
        print(f"below the target of {args.min_rate:.0f} articles/s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
