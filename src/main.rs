//! Command-line entry point: parses arguments, calls the library, prints the outcome. The
//! error cause chain is printed here and only here.

use clap::{Parser, Subcommand};
use polydoc::build::{build, BuildOptions};
use polydoc::check::{self, CheckOptions, Format};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// One YAML spec of an API operation in; localized reference pages with SDK snippets out.
#[derive(Parser)]
#[command(name = "polydoc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `build` and `serve` both take: the project, the output and the locales.
#[derive(clap::Args)]
struct SiteArgs {
    /// Project root.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Output folder (replaced as a whole by a full build; an incremental build writes only
    /// the pages that changed).
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// Locales to build, comma-separated (default: every folder under locales/). `en-XA`
    /// is the pseudo-locale, generated from English when locales/en-XA/ does not exist.
    #[arg(long, value_delimiter = ',')]
    locales: Option<Vec<String>>,
    /// Add the pseudo-locale en-XA (accented, longer English) to the locales built.
    #[arg(long)]
    pseudo: bool,
    /// The site's public URL (https://example.com/docs/): canonical and alternate links
    /// become absolute and sitemap.xml is written. Without it links stay relative.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// The `--format` values of `build`: every output format's name.
fn format_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(polydoc::output::all().iter().map(|f| f.name()))
}

impl SiteArgs {
    /// Build options for these arguments (a full HTML build, cached, not strict).
    fn options(self) -> BuildOptions {
        let locales = with_pseudo(&self.root, self.locales, self.pseudo);
        BuildOptions {
            root: self.root,
            out: self.out,
            locales,
            strict: false,
            cache: true,
            progress: None,
            base_url: self.base_url,
            format: polydoc::output::default_format(),
            force: false,
            search: true,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the static site from content/, locales/ and templates/.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings, such as missing translations, as errors.
        #[arg(long)]
        strict: bool,
        /// Render every page again instead of reusing unchanged ones from the cache.
        #[arg(long)]
        no_cache: bool,
        /// What to write: the HTML site; each page's localized model as JSON
        /// (docs/page-json.md); Markdown in the Microsoft Learn layout (tab groups, snippet
        /// include files); or plain CommonMark with front matter.
        #[arg(long, default_value = "html", value_parser = format_names())]
        format: String,
        /// Replace an output folder written in another --format (refused without it).
        #[arg(long)]
        force: bool,
        /// Skip the search index (pagefind/): the search box then says search is unavailable.
        #[arg(long)]
        no_search: bool,
        /// List every warning (not a summary per locale) and print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
        /// Print the time each stage took (implied by --verbose).
        #[arg(long)]
        timings: bool,
        /// Print nothing but warnings and errors.
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
    },
    /// Build, serve the site on loopback, rebuild on every change and reload open pages.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; loopback unless you change it explicitly.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Print the SDK snippet of an HTTP request (request line, headers, blank line, JSON body)
    /// read from FILE or standard input.
    Snippet {
        /// Snippet language.
        #[arg(long, value_parser = ["http", "csharp", "java", "javascript", "python"])]
        lang: String,
        /// Schema file(s) describing the body types (default: the built-in microsoft.graph schema).
        #[arg(long)]
        schema: Vec<PathBuf>,
        /// Body type, when the URL path does not name it (`chat`).
        #[arg(long = "type")]
        type_name: Option<String>,
        /// The request file; standard input when absent.
        file: Option<PathBuf>,
    },
    /// Check translations, examples, snippets and rendered pages for drift (the CI gate).
    /// Exit status: 0 clean, 1 findings that fail, 2 could not run.
    Check {
        /// Project root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A built site to compare across locales (default: build one into a temporary folder).
        #[arg(long)]
        site: Option<PathBuf>,
        /// Locales to check, comma-separated (default: every folder under locales/).
        #[arg(long, value_delimiter = ',')]
        locales: Option<Vec<String>>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// `--deny warnings` makes warnings fail the check too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Do not build and compare the rendered pages.
        #[arg(long)]
        no_pages: bool,
        /// Show notes (values that could not be verified) in the human output too.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Create or update a project from an API description.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Translation workflow commands.
    L10n {
        #[command(subcommand)]
        command: L10nCommand,
    },
}

#[derive(Subcommand)]
enum L10nCommand {
    /// Record that LOCALE's translations of the given messages (all when none are given) match
    /// the current English text, in locales/polydoc.lock.
    Confirm {
        /// Locale code (`de`).
        locale: String,
        /// Message ids (`title`, `prop-topic`); all translated messages when omitted.
        ids: Vec<String>,
        /// Project root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import an OpenAPI 3.0/3.1 document (JSON or YAML): one spec and English message file
    /// per operation, the type schema from components.schemas. Re-importing updates what came
    /// from the document and keeps what a person added.
    Openapi {
        /// The OpenAPI document.
        file: PathBuf,
        /// Project root (created when missing).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Start these translations too (`de,es`): each gets polydoc's own translation of
        /// the page chrome as locales/<code>/ui.ftl (an existing one is kept).
        #[arg(long, value_delimiter = ',')]
        locales: Vec<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Deny {
    Warnings,
}

/// An unexpected panic becomes one line, exit code 101, no backtrace (unless RUST_BACKTRACE is
/// set, for developers). No input should ever get here; the fuzzers and tests prove that.
fn install_panic_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at =
            info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        eprintln!(
            "error: internal error{at}: {}; please report it",
            what.lines().next().unwrap_or("")
        );
    }));
}

/// Counts what each thread allocates while it renders a template, so a runaway template ends
/// with an error instead of exhausting memory (`polydoc::render::RenderAlloc`).
#[global_allocator]
static ALLOC: polydoc::render::RenderAlloc = polydoc::render::RenderAlloc;

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            site,
            strict,
            no_cache,
            format,
            force,
            no_search,
            verbose,
            timings,
            quiet,
        } => {
            let opts = BuildOptions {
                strict,
                cache: !no_cache,
                format: polydoc::output::by_name(&format).expect("clap checked the name"),
                force,
                search: !no_search,
                ..site.options()
            };
            run_build(opts, Chatter { verbose, timings: timings || verbose, quiet })
        }
        Command::Serve { site, port, bind } => {
            polydoc::serve::serve(polydoc::serve::ServeOptions {
                build: site.options(),
                bind,
                port,
            })
        }
        Command::Snippet { lang, schema, type_name, file } => {
            run_snippet(&lang, &schema, type_name.as_deref(), file.as_deref())
        }
        Command::Check { root, site, locales, format, deny, no_pages, verbose } => {
            let opts = CheckOptions { root, site, locales, skip_pages: no_pages };
            return run_check(&opts, format, deny.is_some(), verbose);
        }
        Command::Import { command: ImportCommand::Openapi { file, root, locales } } => {
            run_import(&file, &root, &locales)
        }
        Command::L10n { command: L10nCommand::Confirm { locale, ids, root } } => {
            check::lock::confirm(&root, &locale, &ids).map(|n| {
                eprintln!(
                    "confirmed {n} translation(s) of `{locale}` in {}",
                    check::lock::LOCK_FILE
                );
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", polydoc::diag::error_report(&e, stderr_color()));
            ExitCode::FAILURE
        }
    }
}

/// The locales to build with the pseudo-locale added when `--pseudo` is given (to every
/// locale under locales/ when none were named; errors there are reported by the build).
fn with_pseudo(
    root: &std::path::Path,
    locales: Option<Vec<String>>,
    pseudo: bool,
) -> Option<Vec<String>> {
    if !pseudo {
        return locales;
    }
    let mut list =
        locales.or_else(|| polydoc::localize::available_locales(root).ok()).unwrap_or_default();
    let code = polydoc::localize::pseudo::PSEUDO_LOCALE.to_string();
    if !list.contains(&code) {
        list.push(code);
    }
    Some(list)
}

/// A progress bar on stderr, shown only on a terminal and only once a build has run for a
/// second (short builds stay quiet).
fn progress_bar(started: std::time::Instant) -> (polydoc::build::Progress, indicatif::ProgressBar) {
    use std::io::IsTerminal;
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} operations {elapsed}")
            .expect("valid template"),
    );
    let terminal = std::io::stderr().is_terminal();
    let shown = bar.clone();
    let report: polydoc::build::Progress = std::sync::Arc::new(move |done, total| {
        if terminal && shown.is_hidden() && started.elapsed().as_secs() >= 1 {
            shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        shown.set_length(total as u64);
        shown.set_position(done as u64);
    });
    (report, bar)
}

/// Colour on stderr: only on a terminal, and not with `NO_COLOR` set.
fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Runs the checker; exit 2 when it could not run at all.
fn run_check(
    opts: &CheckOptions,
    format: OutputFormat,
    deny_warnings: bool,
    verbose: bool,
) -> ExitCode {
    match check::run(opts) {
        Ok(mut report) => {
            if format == OutputFormat::Human && !verbose {
                report.hide_notes();
            }
            let format = match format {
                OutputFormat::Human => Format::Human,
                OutputFormat::Json => Format::Json,
                OutputFormat::Sarif => Format::Sarif,
            };
            let color = format == Format::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            print!("{}", report.render_with(format, color));
            ExitCode::from(report.exit_code(deny_warnings) as u8)
        }
        Err(e) => {
            let report = polydoc::diag::error_report(&e, false);
            eprintln!("{}", report.replacen("error: ", "error: polydoc check could not run: ", 1));
            ExitCode::from(2)
        }
    }
}

/// Imports an OpenAPI document and prints what changed.
fn run_import(
    file: &std::path::Path,
    root: &std::path::Path,
    locales: &[String],
) -> anyhow::Result<()> {
    polydoc::import::locales::check_locales(locales)?;
    let report = polydoc::import::import_openapi(file, root)?;
    for started in polydoc::import::locales::start_locales(root, locales)? {
        println!("started {}", started.display());
    }
    for (what, ids) in
        [("added", &report.added), ("removed", &report.removed), ("changed", &report.changed)]
    {
        for id in ids {
            println!("{what} {id}");
        }
    }
    for s in &report.skipped {
        eprintln!("warning: skipped {s}");
    }
    eprintln!(
        "imported {} operation(s) and {} type(s) into {} ({} added, {} removed, {} changed, {} file(s) written)",
        report.operations,
        report.types,
        root.display(),
        report.added.len(),
        report.removed.len(),
        report.changed.len(),
        report.written
    );
    Ok(())
}

/// What `build` prints besides warnings and errors.
struct Chatter {
    /// Every warning instead of a summary per locale.
    verbose: bool,
    /// The time each stage took.
    timings: bool,
    /// No progress bar and no closing line.
    quiet: bool,
}

fn run_build(mut opts: BuildOptions, chatter: Chatter) -> anyhow::Result<()> {
    let Chatter { verbose, timings, quiet } = chatter;
    let started = std::time::Instant::now();
    let bar = (!quiet).then(|| progress_bar(started));
    opts.progress = bar.as_ref().map(|(report, _)| report.clone());
    let result = build(&opts);
    if let Some((_, bar)) = &bar {
        bar.finish_and_clear();
    }
    // Never freed: the process ends with this function, and freeing a whole API's report
    // would only delay that.
    let report = std::mem::ManuallyDrop::new(result?);
    let summarizing = std::time::Instant::now();
    for w in polydoc::localize::missing::summarize(&report.warnings, verbose) {
        eprintln!("{w}");
    }
    if timings {
        for (stage, took) in &report.timings {
            eprintln!("{:>10.2?}  {stage}", took);
        }
        eprintln!("{:>10.2?}  summarize and print warnings", summarizing.elapsed());
    }
    if quiet {
        return Ok(());
    }
    eprintln!(
        "built {} page(s) ({} rendered, {} unchanged) in {} locale(s) ({}) into {} in {:.2?}",
        report.pages,
        report.rendered,
        report.pages - report.rendered,
        report.locales.len(),
        report.locales.join(", "),
        opts.out.display(),
        started.elapsed()
    );
    Ok(())
}

fn run_snippet(
    lang: &str,
    schema_files: &[PathBuf],
    type_name: Option<&str>,
    file: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    use anyhow::Context;
    let schema = if schema_files.is_empty() {
        polydoc::snippet::builtin_schema()?
    } else {
        let parsed = schema_files
            .iter()
            .map(|p| {
                let text = polydoc::fsafe::read_text(p, p)?;
                polydoc::spec::load::parse_yaml::<polydoc::spec::schema::SchemaFile>(p, &text)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let schema = polydoc::spec::Schema::merge(parsed).map_err(anyhow::Error::msg)?;
        schema.validate().map_err(anyhow::Error::msg)?;
        schema
    };
    let (text, source) = match file {
        Some(path) => (polydoc::fsafe::read_text(path, path)?, path.display().to_string()),
        None => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read standard input")?;
            (text, "<stdin>".to_string())
        }
    };
    let snippet = polydoc::snippet::run_snippet_command(lang, &schema, type_name, &text, &source)?;
    print!("{snippet}");
    Ok(())
}
