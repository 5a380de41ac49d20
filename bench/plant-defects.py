#!/usr/bin/env python3
"""Plants translation defects in a project whose locales/de/ holds a copy of the English messages,
and scores what `polydoc check --format json` reported. Used by bench/openapi-sweep.sh.

  plant-defects.py plant ROOT SEED COUNT   > planted.jsonl   (one defect in each of COUNT messages)
  plant-defects.py score planted.jsonl check.json           prints: caught missed stray
       (stray: errors in messages nothing was planted in; a missed or stray one is listed on stderr)

Each defect is one the check exists to catch, in a message of its own file: a code span dropped,
translated, glued to the next word or exchanged with another; a link target changed or turned into
a script URL; a number changed; a long word doubled; raw HTML added; a GUID given a non-hex letter.
"""
import json
import os
import random
import re
import sys


def entries(text):
    """(key, start, end) of each message: `key = value` and its indented continuation lines."""
    out, pos, cur = [], 0, None
    for line in text.split("\n"):
        m = re.match(r"^([a-zA-Z][\w-]*) =(.*)$", line)
        if m:
            if cur:
                out.append(cur)
            cur = [m.group(1), pos, pos + len(line)]
        elif cur and line.startswith(" ") and line.strip():
            cur[2] = pos + len(line)
        elif cur and line.strip():
            out.append(cur)
            cur = None
        pos += len(line) + 1
    if cur:
        out.append(cur)
    return out


def in_prose(body, i):
    """True when offset i is outside code spans, placeables and link targets."""
    before = body[:i]
    return (
        before.count("`") % 2 == 0
        and before.rfind("{") <= before.rfind("}")
        and before.rfind("](") <= before.rfind(")")
    )


def code_dropped(body):
    m = re.search(r"`([A-Za-z][\w.@-]{2,})`", body)
    return m and body[: m.start()] + m.group(1) + body[m.end() :]


def code_translated(body):
    m = re.search(r"`([a-z][a-zA-Z]{3,})`", body)
    return m and body[: m.start(1)] + m.group(1).capitalize() + "Wert" + body[m.end(1) :]


def code_glued(body):
    m = re.search(r"`([A-Za-z][\w.@-]{2,})` ([a-z]{3,})", body)
    return m and body[: m.end(1) + 1] + body[m.end(1) + 2 :]


def spans_exchanged(body):
    sentences = re.split(r"(?<=\.) ", body)
    spans = [re.findall(r"`[^`{}]+`", s) for s in sentences]
    firsts = [(i, s[0]) for i, s in enumerate(spans) if s]
    for (i, a), (j, b) in zip(firsts, firsts[1:]):
        if a != b and a not in spans[j] and b not in spans[i]:
            sentences[i] = sentences[i].replace(a, "\0", 1)
            sentences[j] = sentences[j].replace(b, a, 1)
            sentences[i] = sentences[i].replace("\0", b, 1)
            return " ".join(sentences)
    return None


def link_changed(body):
    m = re.search(r"\]\((https?://[^)\s]+)\)", body)
    return m and body[: m.start(1)] + m.group(1).rstrip("/") + "/changed" + body[m.end(1) :]


def link_script(body):
    m = re.search(r"\]\((https?://[^)\s]+)\)", body)
    return m and body[: m.start(1)] + "javascript:alert(1)" + body[m.end(1) :]


def number_changed(body):
    for m in re.finditer(r"(?<=[ (])(\d{2,5})(?=[ .,;)])", body):
        if in_prose(body, m.start()):
            return body[: m.start()] + str(int(m.group(1)) + 7) + body[m.end() :]
    return None


def word_doubled(body):
    for m in re.finditer(r"(?<= )([A-Za-z]{7,})(?= )", body):
        if in_prose(body, m.start()):
            return body[: m.end()] + " " + m.group(1) + body[m.end() :]
    return None


def raw_html(body):
    for m in re.finditer(r"(?<= )([A-Za-z]{5,})(?= )", body):
        if in_prose(body, m.start()):
            return body[: m.start()] + "<b>" + m.group(1) + "</b>" + body[m.end() :]
    return None


def guid_letter(body):
    m = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", body)
    return m and body[: m.start() + 2] + "x" + body[m.start() + 3 :]


DEFECTS = {
    "code-span-dropped": code_dropped,
    "code-span-translated": code_translated,
    "code-span-glued": code_glued,
    "code-spans-exchanged": spans_exchanged,
    "link-changed": link_changed,
    "link-script": link_script,
    "number-changed": number_changed,
    "word-doubled": word_doubled,
    "raw-html": raw_html,
    "guid-letter": guid_letter,
}


def plant(root, seed, count):
    """Plants up to `count` defects, each in a message of its own file, taking the kinds in
    turn (a kind no message suits is skipped), so rare shapes get their share."""
    rnd = random.Random(seed)
    de = os.path.join(root, "locales", "de")
    files = sorted(f for f in os.listdir(de) if f.endswith(".ftl") and f != "ui.ftl")
    rnd.shuffle(files)
    kinds = list(DEFECTS)
    rnd.shuffle(kinds)
    used = set()
    planted = 0
    for turn in range(len(kinds) * count):
        if planted >= count:
            break
        kind = kinds[turn % len(kinds)]
        for name in files:
            if name in used:
                continue
            path = os.path.join(de, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            new, key = None, None
            for key, a, b in entries(text):
                new = DEFECTS[kind](text[a:b])
                if new and new != text[a:b]:
                    text = text[:a] + new + text[b:]
                    break
                new = None
            if new is None:
                continue
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(json.dumps({"file": f"locales/de/{name}", "key": key, "kind": kind}))
            used.add(name)
            planted += 1
            break


def score(planted_path, check_path):
    with open(planted_path, encoding="utf-8") as f:
        planted = [json.loads(line) for line in f if line.strip()]
    with open(check_path, encoding="utf-8") as f:
        errors = [x for x in json.load(f)["findings"] if x["severity"] == "error"]

    def about(finding, p):
        return finding["file"] == p["file"] and f"`{p['key']}`" in finding["message"]

    caught = 0
    for p in planted:
        if any(about(x, p) for x in errors):
            caught += 1
        else:
            print(f"missed {p['kind']} {p['file']} {p['key']}", file=sys.stderr)
    stray = [x for x in errors if not any(about(x, p) for p in planted)]
    for x in stray:
        print(f"stray {x['rule']} {x['file']}: {x['message'][:160]}", file=sys.stderr)
    print(caught, len(planted) - caught, len(stray))


if __name__ == "__main__":
    if sys.argv[1] == "plant":
        plant(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        score(sys.argv[2], sys.argv[3])
