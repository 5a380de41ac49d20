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

#[derive(Subcommand)]
enum Command {
    /// Build the static site from content/, locales/ and templates/.
    Build {
        /// Project root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (replaced as a whole when the build succeeds).
        #[arg(long, default_value = "public")]
        out: PathBuf,
        /// Locales to build, comma-separated (default: every folder under locales/).
        #[arg(long, value_delimiter = ',')]
        locales: Option<Vec<String>>,
        /// Treat warnings, such as missing translations, as errors.
        #[arg(long)]
        strict: bool,
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { root, out, locales, strict } => run_build(BuildOptions { root, out, locales, strict }),
        Command::Check { root, site, locales, format, deny, no_pages } => {
            let opts = CheckOptions { root, site, locales, skip_pages: no_pages };
            return run_check(&opts, format, deny.is_some());
        }
        Command::L10n { command: L10nCommand::Confirm { locale, ids, root } } => check::lock::confirm(&root, &locale, &ids).map(|n| {
            eprintln!("confirmed {n} translation(s) of `{locale}` in {}", check::lock::LOCK_FILE);
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Runs the checker; exit 2 when it could not run at all.
fn run_check(opts: &CheckOptions, format: OutputFormat, deny_warnings: bool) -> ExitCode {
    match check::run(opts) {
        Ok(report) => {
            let format = match format {
                OutputFormat::Human => Format::Human,
                OutputFormat::Json => Format::Json,
                OutputFormat::Sarif => Format::Sarif,
            };
            let color = format == Format::Human && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!("{}", report.render_with(format, color));
            ExitCode::from(report.exit_code(deny_warnings) as u8)
        }
        Err(e) => {
            eprintln!("error: polydoc check could not run: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run_build(opts: BuildOptions) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let report = build(&opts)?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    eprintln!(
        "built {} page(s) in {} locale(s) ({}) into {} in {:.2?}",
        report.pages,
        report.locales.len(),
        report.locales.join(", "),
        opts.out.display(),
        started.elapsed()
    );
    Ok(())
}
