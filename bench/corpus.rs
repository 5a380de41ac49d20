//! Corpus generator: a project of N realistic operations for benchmarks and scale tests.
//!
//! Each operation gets its own resource type (primitives of every kind, an enum, a string
//! collection, a nested complex type and a collection of a derived type selected by
//! `@odata.type`), five examples, and English, German and Spanish messages that use spec terms
//! as variables. Operations are spread over nested folders. Deterministic for a given seed.
//!
//! Run: `cargo run --release --example corpus -- N DIR` (DIR must not exist).

use std::fmt::Write as _;
use std::path::Path;

/// A tiny deterministic generator (xorshift), so the corpus needs no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn guid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            a >> 32,
            a & 0xffff,
            (b >> 52) & 0xfff,
            (b >> 40) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }
}

const WORDS: &[&str] = &[
    "contoso",
    "fabrikam",
    "northwind",
    "tailspin",
    "litware",
    "adventure",
    "proseware",
    "wingtip",
];
const TITLES: &[(&str, &str, &str)] = &[
    ("Quarterly planning", "Quartalsplanung", "Planificación trimestral"),
    ("Release \"v2\" notes", "Versionshinweise \"v2\"", "Notas de la versión \"v2\""),
    ("Café ☕ & 日本 team", "Café ☕ & 日本-Team", "Equipo Café ☕ y 日本"),
    ("Path C:\\temp\\new", "Pfad C:\\temp\\new", "Ruta C:\\temp\\new"),
];

/// Writes the schema, one spec per operation and the messages of three locales below `dir`.
pub fn generate(dir: &Path, n: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    write(dir, "content/schema/corpus.yaml", &schema(n))?;
    for (locale, ui) in [
        ("en", include_str!("../locales/en/ui.ftl")),
        ("de", include_str!("../locales/de/ui.ftl")),
        ("es", include_str!("../locales/es/ui.ftl")),
    ] {
        write(dir, &format!("locales/{locale}/ui.ftl"), ui)?;
    }
    for i in 0..n {
        let area = format!("area-{:02}/group-{}", i % 20, i % 3);
        write(dir, &format!("content/{area}/op-{i}.yaml"), &spec(i, &mut rng))?;
        for (locale, ftl) in messages(i) {
            write(dir, &format!("locales/{locale}/op-{i}.ftl"), &ftl)?;
        }
    }
    Ok(())
}

fn write(dir: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has parent"))?;
    std::fs::write(path, text)
}

fn schema(n: usize) -> String {
    let mut s = String::from("namespace: microsoft.graph\ntypes:\n  entity:\n    abstract: true\n    properties:\n      id: { type: String, read_only: true }\n");
    for i in 0..n {
        let _ = write!(
            s,
            "  resource{i}:\n    base: entity\n    properties:\n      displayName: {{ type: String }}\n      description: {{ type: String, nullable: true }}\n      \
             priority: {{ type: Int32 }}\n      isEnabled: {{ type: Boolean }}\n      ratio: {{ type: Double }}\n      kind: {{ type: resource{i}Kind }}\n      \
             tags: {{ type: Collection(String) }}\n      settings: {{ type: resource{i}Settings }}\n      items: {{ type: Collection(item{i}) }}\n      \
             createdDateTime: {{ type: DateTimeOffset, read_only: true }}\n  \
             resource{i}Kind:\n    members: [standard, premium, archived]\n  \
             resource{i}Settings:\n    properties:\n      mode: {{ type: String, values: [auto, manual] }}\n      retries: {{ type: Int32 }}\n  \
             item{i}:\n    abstract: true\n    properties:\n      roles: {{ type: Collection(String), values: [owner, guest] }}\n  \
             special{i}Item:\n    base: item{i}\n    properties:\n      weight: {{ type: Double }}\n      label: {{ type: String, nullable: true }}\n"
        );
    }
    s
}

fn body(i: usize, example: usize, rng: &mut Rng) -> String {
    let word = WORDS[rng.below(WORDS.len() as u64) as usize];
    let (title, _, _) = TITLES[(i + example) % TITLES.len()];
    let kind = ["standard", "premium", "archived"][example % 3];
    let members: Vec<String> = (0..=example % 3)
        .map(|m| {
            format!(
                "    {{\n      \"@odata.type\": \"#microsoft.graph.special{i}Item\",\n      \"roles\": [{}],\n      \"weight\": {}.5,\n      \"label\": {},\n      \"user@odata.bind\": \"https://graph.microsoft.com/v1.0/users('{}')\"\n    }}",
                if m == 0 { "\"owner\"" } else { "\"guest\"" },
                m + 1,
                if m == 1 { "null".to_string() } else { format!("\"{word} {m}\"") },
                rng.guid()
            )
        })
        .collect();
    format!(
        "{{\n  \"displayName\": {},\n  \"priority\": {},\n  \"isEnabled\": {},\n  \"ratio\": 0.{},\n  \"kind\": \"{kind}\",\n  \"tags\": [\"{word}\", \"t{example}\"],\n  \"settings\": {{\n    \"mode\": \"{}\",\n    \"retries\": {}\n  }},\n  \"items\": [\n{}\n  ]\n}}",
        serde_json::to_string(title).expect("string"),
        rng.below(10),
        example.is_multiple_of(2),
        rng.below(99) + 1,
        if example.is_multiple_of(2) { "auto" } else { "manual" },
        rng.below(5),
        members.join(",\n")
    )
}

fn indent(text: &str, by: usize) -> String {
    text.lines()
        .map(|l| if l.is_empty() { String::new() } else { format!("{}{l}", " ".repeat(by)) })
        .collect::<Vec<_>>()
        .join("\n")
}

fn spec(i: usize, rng: &mut Rng) -> String {
    let path = if i.is_multiple_of(4) {
        format!("/groups/{{group-id}}/resources{i}")
    } else {
        format!("/resources{i}")
    };
    let url_path = path.replace("{group-id}", "02bd9fd6-8f93-4758-87c3-1fb73740a315");
    let mut s = format!(
        "id: op-{i}\nnamespace: microsoft.graph\nmethod: POST\npath: {path}\nnotes: [limits]\npermissions:\n  delegated_work: [Resource{i}.ReadWrite.All]\n  delegated_personal: []\n  application: [Resource{i}.ReadWrite.All, Directory.ReadWrite.All]\n\
         request_headers:\n  - {{ name: Authorization, value: \"Bearer {{token}}\", required: true }}\n  - {{ name: Content-Type, value: application/json, required: true }}\n\
         request_body:\n  type: resource{i}\n  properties:\n    - {{ name: displayName }}\n    - {{ name: description, optional: true }}\n    - {{ name: priority }}\n    - {{ name: isEnabled }}\n    \
         - {{ name: kind }}\n    - {{ name: tags, optional: true }}\n    - {{ name: settings, optional: true }}\n    - {{ name: items }}\n\
         response:\n  status: 201 Created\n  type: resource{i}\nexamples:\n"
    );
    for e in 0..5 {
        let request = body(i, e, rng);
        let id = rng.guid();
        let response = format!(
            "{{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#resources{i}/$entity\",\n  \"id\": \"{id}\",\n  \"createdDateTime\": \"2024-0{}-1{}T10:2{}:00Z\"\n}}",
            e + 1, e, e
        );
        let _ = write!(
            s,
            "  - id: case-{e}\n    request:\n      method: POST\n      url: https://graph.microsoft.com/v1.0{url_path}\n      headers:\n        Content-Type: application/json\n      body: |\n{}\n    \
             response:\n      status: 201 Created\n      headers:\n        Content-Type: application/json\n      truncated: {}\n      body: |\n{}\n",
            indent(&request, 8),
            e % 2 == 0,
            indent(&response, 8)
        );
    }
    s
}

fn messages(i: usize) -> Vec<(&'static str, String)> {
    let en = format!(
        "title = Create resource {i}\nsummary = Create a new {{ $resource{i} }} object in the tenant.\nnote-limits = **Note:** A tenant can hold at most 500 objects of this kind; see [limits](https://learn.microsoft.com/graph/throttling).\n\
         prop-displayName = The name shown to users.\nprop-description = An optional description.\nprop-priority = The priority, from 0 to 9.\n\
         prop-isEnabled = Whether the object is active.\nprop-kind = The kind of object. Possible values are: {{ $standard }}, {{ $premium }} and {{ $archived }}.\n\
         prop-tags = Free-form tags.\nprop-settings = Processing settings; {{ $mode }} is {{ $auto }} or {{ $manual }}.\n\
         prop-items = The items to add. Each item must be assigned the role {{ $owner }} or {{ $guest }}.\n\
         response-summary = If successful, this method returns a {{ $status }} response code and the new {{ $resource{i} }} object in the response body.\n"
    );
    let mut en = en;
    let mut de = format!(
        "title = Ressource {i} erstellen\nsummary = Erstellen Sie ein neues {{ $resource{i} }}-Objekt im Mandanten.\nnote-limits = **Hinweis:** Ein Mandant kann höchstens 500 Objekte dieser Art enthalten; siehe [Grenzwerte](https://learn.microsoft.com/graph/throttling).\n\
         prop-displayName = Der Name, den Benutzer sehen.\nprop-description = Eine optionale Beschreibung.\nprop-priority = Die Priorität, von 0 bis 9.\n\
         prop-isEnabled = Ob das Objekt aktiv ist.\nprop-kind = Die Art des Objekts. Mögliche Werte sind: {{ $standard }}, {{ $premium }} und {{ $archived }}.\n\
         prop-tags = Frei wählbare Tags.\nprop-settings = Verarbeitungseinstellungen; {{ $mode }} ist {{ $auto }} oder {{ $manual }}.\n\
         prop-items = Die hinzuzufügenden Elemente. Jedem Element muss die Rolle {{ $owner }} oder {{ $guest }} zugewiesen werden.\n\
         response-summary = Bei erfolgreicher Ausführung gibt diese Methode den Antwortcode {{ $status }} und das neue {{ $resource{i} }}-Objekt im Antworttext zurück.\n"
    );
    let mut es = format!(
        "title = Crear el recurso {i}\nsummary = Cree un nuevo objeto {{ $resource{i} }} en el inquilino.\nnote-limits = **Nota:** Un inquilino puede contener como máximo 500 objetos de este tipo; consulte los [límites](https://learn.microsoft.com/graph/throttling).\n\
         prop-displayName = El nombre que ven los usuarios.\nprop-description = Una descripción opcional.\nprop-priority = La prioridad, de 0 a 9.\n\
         prop-isEnabled = Indica si el objeto está activo.\nprop-kind = El tipo de objeto. Los valores posibles son: {{ $standard }}, {{ $premium }} y {{ $archived }}.\n\
         prop-tags = Etiquetas libres.\nprop-settings = Configuración de procesamiento; {{ $mode }} es {{ $auto }} o {{ $manual }}.\n\
         prop-items = Los elementos que se agregarán. A cada elemento se le debe asignar el rol {{ $owner }} o {{ $guest }}.\n\
         response-summary = Si se ejecuta correctamente, este método devuelve un código de respuesta {{ $status }} y el nuevo objeto {{ $resource{i} }} en el cuerpo de la respuesta.\n"
    );
    for e in 0..5 {
        let _ = writeln!(en, "example-case-{e} = Create a resource, case {}", e + 1);
        let _ = writeln!(de, "example-case-{e} = Eine Ressource erstellen, Fall {}", e + 1);
        let _ = writeln!(es, "example-case-{e} = Crear un recurso, caso {}", e + 1);
    }
    vec![("en", en), ("de", de), ("es", es)]
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect("usage: corpus N DIR");
    let dir = std::path::PathBuf::from(args.next().expect("usage: corpus N DIR"));
    assert!(!dir.exists(), "{} exists; pick a new folder", dir.display());
    generate(&dir, n, 42).expect("writing the corpus");
    eprintln!("wrote {n} operations to {}", dir.display());
}
