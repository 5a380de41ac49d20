#!/usr/bin/env bash
# Plants one defect of each kind in a copy of the shipped project (German translation, English
# source, example data), then runs Mozilla's compare-locales (from PyPI, in a venv) and
# `polydoc check` on the same tree and prints which planted defect each tool reports.
#
# Usage: bench/compare-locales.sh            (from the repository root)
# Needs: python3 with venv/pip (reaches PyPI), cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv}
if [ ! -x "$VENV/bin/compare-locales" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "compare-locales==9.0.5"
fi
cargo build --quiet
POLYDOC=${CARGO_TARGET_DIR:-$ROOT/target}/debug/polydoc
TREE=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TREE"' EXIT; echo "tree: $TREE" >&2
cp -r content locales "$TREE/"

# Plant the defects; each line of defects.tsv: id, file, message id (or -), description.
"$VENV/bin/python" - "$TREE" <<'PY'
import re, sys, pathlib
tree = pathlib.Path(sys.argv[1])
de_op, de_ui = tree / "locales/de/create-chat.ftl", tree / "locales/de/ui.ftl"
en_op = tree / "locales/en/create-chat.ftl"
spec = tree / "content/chat/create-chat.yaml"

def edit(path, msg, new_value):
    text = path.read_text()
    text, n = re.subn(rf"^{re.escape(msg)} = .*$", lambda m: f"{msg} = {new_value}", text, count=1, flags=re.M)
    assert n == 1, (path, msg)
    path.write_text(text)

defects = []
def plant(did, path, msg, desc):
    defects.append((did, str(path.relative_to(tree)), msg, desc))

edit(de_op, "title", "Chat { erstellen"); plant("syntax", de_op, "title", "FTL syntax error")
text = de_op.read_text(); de_op.write_text(re.sub(r"^example-group = .*\n", "", text, flags=re.M)); plant("missing", de_op, "example-group", "missing message")
de_op.write_text(de_op.read_text() + "example-old = Alter Titel\n"); plant("obsolete", de_op, "example-old", "obsolete message")
de_ui.write_text(de_ui.read_text() + "permissions = Rechte\n"); plant("duplicate", de_ui, "permissions", "duplicate message id")
edit(de_op, "prop-members", "Liste der Unterhaltungsmitglieder. Jedem Mitglied muss eine Rolle von { $owner } oder guestzugewiesen werden. Gastbenutzern des Mandanten muss die Rolle { $guest } zugewiesen werden. Externen Benutzern muss die Rolle { $owner } zugewiesen werden."); plant("glued", de_op, "prop-members", "term glued to a word (guestzugewiesen)")
edit(de_op, "prop-chatType", "Gibt den Chattyp an. Mögliche Werte sind: Gruppe und { $oneOnOne }."); plant("translated-term", de_op, "prop-chatType", "term translated (Gruppe for { $group })")
edit(de_op, "response-summary", "Bei erfolgreicher Ausführung gibt diese Methode den Antwortcode status und die neu erstellte { $chat }-Ressource im Antworttext zurück ."); plant("unquoted", de_op, "response-summary", "term as bare text, token displaced")
edit(de_op, "summary", "Erstellen Sie ein neues { $chat }zugewiesen-Objekt."); plant("glued-variable", de_op, "summary", "variable glued to a word ({ $chat }zugewiesen)")
edit(de_ui, "permissions-intro", "Details finden Sie unter [Berechtigungstypen](https://learn.microsoft.com/graph/permissions-overview#permission-types) und in der [Berechtigungsreferenz](https://example.com/de/permissions)."); plant("link", de_ui, "permissions-intro", "link target changed")
edit(de_ui, "response-truncated", "**Hinweis: Das Antwortobjekt ist möglicherweise gekürzt."); plant("markup", de_ui, "response-truncated", "unbalanced Markdown")
edit(de_ui, "generated-by", "Von <b>polydoc</b> erzeugt."); plant("html", de_ui, "generated-by", "raw HTML")
edit(de_ui, "index-intro", "The operations documented in this reference, by area."); plant("identical", de_ui, "index-intro", "identical to English")
edit(de_ui, "not-supported", '{ "" }'); plant("empty", de_ui, "not-supported", "empty value")
edit(en_op, "example-one-on-one", "Create a one-on-one chat between two users"); plant("stale", de_op, "example-one-on-one", "English changed after translation (stale)")
# A select whose German variant drops a variable.
edit(tree / "locales/en/ui.ftl", "example-heading", "{ $number ->\n    [one] Example { $number }: { $title }\n   *[other] Example { $number }: { $title }\n}")
edit(de_ui, "example-heading", "{ $number ->\n    [one] Beispiel { $number }: { $title }\n   *[other] Beispiel { $number }\n}"); plant("select-variable", de_ui, "example-heading", "variable missing in one select variant")
s = spec.read_text()
s = s.replace("8ba98af6-7fc2-4eb2-c7f2-aef9f21fd98a", "8ba98gf6-7fc2-4eb2-c7f2-aef9f21fd98g", 1); plant("guid", spec, "-", "example GUID with non-hex letters")
s = s.replace('"id": "19:82af01c5-f7cc-4a2e-a728-3a5df21afd9d_8b081ef6-4792-4def-b2c9-c363a1bf41d5@unq.gbl.spaces"', '"id": "19:82fe7758-5bb3-4f0d-a43f-e555fd399c6f_8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca@unq.gbl.spaces"', 1); plant("one-on-one-id", spec, "-", "one-on-one id names other members")
# Examples that contradict their operation (issue 14), all in the `group` example.
def in_group(old, new):
    global s
    start = s.index("  - id: group\n"); end = s.index("  - id: one-on-one-upn")
    part = s[start:end]; assert old in part, old
    s = s[:start] + part.replace(old, new, 1) + s[end:]
in_group("      headers:\n        Content-Type: application/json\n      body: |\n        {\n          \"chatType\": \"group\",\n", "      body: |\n        {\n          \"webUrl\": \"https://teams.example/x\",\n"); plant("content-type", spec, "-", "JSON body without Content-Type")
plant("required-property", spec, "-", "required property missing (chatType)"); plant("read-only", spec, "-", "read-only property sent (webUrl)")
in_group("v1.0/$metadata#chats/$entity", "beta/$metadata#chats/$entity"); plant("odata-context", spec, "-", "@odata.context of another version")
in_group("8c0a1a67-50ce-4114-bb6c-da9c5dbcf6ca", "8c0a1a67-50ce-4114-bb6c-da9c5dbcf6c"); plant("near-guid", spec, "-", "GUID a digit short")
in_group('"topic": "Group chat title",', '"topic": "Kick-off 2020-12-4 09:00",'); plant("datetime", spec, "-", "date-time not ISO 8601 in a string")
s = s.replace("application: [Chat.Create]", "application: [Chat.ReadWrite.Al]", 1); plant("permission", spec, "-", "misspelt permission (Chat.ReadWrite.Al)")
spec.write_text(s)
# --- drift-text: text that drifted without losing a token (each counts only when polydoc
# reports it under one of the listed rules, so a side finding on the message earns nothing).
def plant_rule(did, path, msg, desc, rules):
    defects.append((did, str(path.relative_to(tree)), msg, desc, rules))
en_ui = tree / "locales/en/ui.ftl"
edit(de_ui, "response-collection", "Der Antworttext ist ein JSON-Objekt, dessen Eigenschaft { $next-link } die { $type }-Objekte enthält. Gibt es weitere Ergebnisse, enthält { $value } die URL der nächsten Seite."); plant_rule("moved", de_ui, "response-collection", "terms exchanged between sentences", "term-moved")
edit(de_ui, "status-429", "Zu viele Anforderungen: Warten Sie die angegebene Zeit , dann versuchen Sie es erneut `Retry-After`."); plant_rule("code-moved", de_ui, "status-429", "code span moved (English: `Retry-After`,)", "displaced-token")
edit(en_ui, "query-top", "Sets the page size of the results: 1 to 1,000 items, 250 by default.")
edit(de_ui, "query-top", "Legt die Seitengröße der Ergebnisse fest: 1 bis 1.000 Elemente, standardmäßig 25."); plant_rule("number", de_ui, "query-top", "number changed (250 -> 25; 1.000 kept)", "number-mismatch")
edit(de_op, "note-one-on-one-unique", "**Hinweis:** Zwischen zwei Mitgliedern kann nur ein 1:1-Chat bestehen."); plant_rule("truncated", de_op, "note-one-on-one-unique", "translation cut off (half the text)", "length-ratio")
edit(de_ui, "query-select", "Wählt die zurückzugebenden Eigenschaften als kommagetrennte Liste aus. Wählt die zurückzugebenden Eigenschaften als kommagetrennte Liste aus."); plant_rule("repeated", de_ui, "query-select", "sentence repeated", "repeated-text")
edit(de_ui, "query-parameters-intro", "Este método admite los siguientes parámetros de consulta de OData para personalizar la respuesta."); plant_rule("spanish", de_ui, "query-parameters-intro", "Spanish text in the German file", "wrong-language")
edit(de_ui, "query-filter", "Filtra os resultados com uma expressão booleana simples."); plant_rule("portuguese", de_ui, "query-filter", "Portuguese text in the German file", "wrong-language")
edit(de_ui, "header-location", "The URL of the newly created resource."); plant_rule("english-edit", de_ui, "header-location", "English with a trivial edit", "untranslated,wrong-language")
edit(de_ui, "query-orderby", "Sortiert die Ergeb\u200bnisse nach den angegebenen Eigenschaften."); plant_rule("zero-width", de_ui, "query-orderby", "zero-width space in a word", "invisible-character")
edit(de_op, "prop-topic", "Der Titel des Chats. Ein Chattitel kann nur angegeben werden, wenn der Chat vom Typ { $group }\u200bist."); plant_rule("zw-glue", de_op, "prop-topic", "term glued by a zero-width space", "term-glued")
edit(de_ui, "query-search", "Beschränkt die Ergebnisse auf die, die einem \u202eSuchausdruck entsprechen."); plant_rule("bidi", de_ui, "query-search", "bidi override character", "bidi-control")
edit(de_ui, "query-skip", "\u00dcberspringt die angegebene Anzahl von Ergebnissen\ufffd"); plant_rule("fffd", de_ui, "query-skip", "U+FFFD replacement character", "replacement-character")
edit(de_ui, "query-expand", "Nimmt verknÃ¼pfte Ressourcen in die Antwort auf."); plant_rule("mojibake", de_ui, "query-expand", "mojibake (Ã¼ for ü)", "mojibake")
edit(de_ui, "header-prefer", "Fordert vom Dienst ein Verhalten an, etwa `return=\u00a0minimal`."); plant_rule("nbsp-code", de_ui, "header-prefer", "no-break space inside a code span", "code-span-nbsp")
# Select keys, renamed messages, locked terms (issue 14).
t = de_ui.read_text(); de_ui.write_text(t.replace("    [update] Geben Sie", "    [aktualisieren] Geben Sie", 1)); plant("variant-key", de_ui, "request-body-intro", "translated select key ([aktualisieren])")
edit(de_ui, "status", "Zustand"); plant("locked-term", de_ui, "status", "term kept as in English, later translated")
t = de_op.read_text(); de_op.write_text(re.sub(r"^example-group-with-guest =", "example-group-with-gest =", t, count=1, flags=re.M)); plant("renamed", de_op, "example-group-with-gest", "renamed message (example-group-with-gest for example-group-with-guest)")
(tree / "defects.tsv").write_text("".join("\t".join(d) + "\n" for d in defects))
(tree / "l10n.toml").write_text('basepath = "."\nlocales = ["de"]\n\n[[paths]]\n    reference = "locales/en/*.ftl"\n    l10n = "{l10n_base}/{locale}/*.ftl"\n')
PY

"$VENV/bin/compare-locales" --json "$TREE/cl.json" --return-zero "$TREE/l10n.toml" "$TREE/locales" de > "$TREE/cl.txt" 2>&1 || true
"$POLYDOC" check --root "$TREE" --locales de --no-pages --format json > "$TREE/pd.json" || true

"$VENV/bin/python" - "$TREE" <<'PY'
import json, re, sys, pathlib
tree = pathlib.Path(sys.argv[1])
defects = [l.split("\t") for l in (tree / "defects.tsv").read_text().splitlines()]

def message_at(path, line):
    """The message id defined at or above `line` of an FTL file."""
    lines = (tree / path).read_text().splitlines()
    for i in range(min(line, len(lines)) - 1, -1, -1):
        m = re.match(r"^(-?[A-Za-z][\w-]*)\s*=", lines[i])
        if m:
            return m.group(1)
    return None

# What a finding about a planted spec defect contains.
NEEDLES = {
    "guid": ["8ba98gf6"], "one-on-one-id": ["82fe7758", "19:"],
    "content-type": ["without a `Content-Type`"], "required-property": ["leaves out `chatType`"],
    "read-only": ["`webUrl`, which"], "odata-context": ["odata-context:"],
    "near-guid": ["digit too few"], "datetime": ["2020-12-4 09:00"], "permission": ["Chat.ReadWrite.Al"],
}

def hits_for(found, by_rule=False):
    """found: list of (file, line or None, message id or None, text); by_rule: a defect that
    lists rules counts only findings of those rules (polydoc's, whose text starts with it)."""
    hit = {}
    for did, path, msg, _, *rules in defects:
        for f, line, mid, text in found:
            if by_rule and rules and text.split(":")[0] not in rules[0].split(","):
                continue
            same_file = f.endswith(path) or (msg != "-" and path.endswith(".ftl") and f.endswith(path.replace("/de/", "/en/")) and mid == msg)
            if msg == "-":
                ok = same_file and did in NEEDLES and text and any(n in text for n in NEEDLES[did])
            else:
                ok = (same_file or f.endswith(path)) and mid == msg
            if ok:
                hit.setdefault(did, []).append(text.split("\n")[0][:70])
    return hit

# compare-locales: JSON details per file: {"missingEntity": id} / {"obsoleteEntity": id} /
# {"error"/"warning": "text at line L column C for ..."}
cl = json.loads((tree / "cl.json").read_text())
found = []
for entry in cl:
    for locale, files in entry.get("details", {}).items():
        for name, items in files.items():
            path = f"locales/{locale}/{name}"
            for item in items:
                for kind, val in item.items():
                    val = str(val)
                    if kind in ("missingEntity", "obsoleteEntity"):
                        found.append((path, None, val, f"{kind}: {val}"))
                        continue
                    m = re.search(r"line (\d+)", val)
                    dup = re.match(r"(\S+) occurs \d+ times", val)
                    line = int(m.group(1)) if m else None
                    mid = dup.group(1) if dup else (message_at(path, line) if line else None)
                    if m and mid is None:
                        mid = re.search(r'"(-?[A-Za-z][\w-]*)\s*=', val).group(1) if re.search(r'"(-?[A-Za-z][\w-]*)\s*=', val) else None
                    found.append((path, line, mid, f"{kind}: {val}"))
cl_hits = hits_for(found)

pd = json.loads((tree / "pd.json").read_text())
pfound = []
for f in pd["findings"]:
    mid = message_at(f["file"], f["line"]) if f["file"].endswith(".ftl") else None
    m = re.match(r"(-?[A-Za-z][\w-]*)\s*=", f["text"]) if f["rule"] == "ftl-syntax" else None
    mid = m.group(1) if m else mid
    pfound.append((f["file"], f["line"], mid, f"{f['rule']}: {f['message']} {f['text']}"))
pd_hits = hits_for(pfound, by_rule=True)

print(f"{'planted defect':<48} {'compare-locales':<16} {'polydoc check':<14} polydoc rule(s)")
print("-" * 110)
for did, path, msg, desc, *_ in defects:
    c = "reported" if did in cl_hits else "MISSED"
    p = "reported" if did in pd_hits else "MISSED"
    rules = sorted({t.split(":")[0] for t in pd_hits.get(did, [])})
    print(f"{desc:<48} {c:<16} {p:<14} {', '.join(rules)}")
print()
print(f"compare-locales: {sum(d[0] in cl_hits for d in defects)}/{len(defects)}   polydoc check: {sum(d[0] in pd_hits for d in defects)}/{len(defects)}")
print("\ncompare-locales output:")
print((tree / "cl.txt").read_text().strip())
PY
