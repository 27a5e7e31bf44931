//! Command-line front: parses arguments (clap) and calls the library. No extraction
//! logic lives here; only reading files, choosing outputs and reporting errors.

mod bench;
mod check;
mod diff;
mod export;
mod extract;
mod normalize;
mod review;
mod stream;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use keikaku::{Pipeline, emit, eval};

/// The options of the commands that convert plans (`extract`, `stream`).
#[derive(clap::Args)]
struct Converting {
    /// Decode with this encoding instead of detecting it (utf-8, shift_jis, euc-jp …).
    #[arg(long)]
    encoding: Option<String>,
    /// Convert on N threads (default: one per core; at most four per core).
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    jobs: usize,
}

#[derive(Parser)]
#[command(
    name = "keikaku",
    version,
    about = "Turns the raw text of Japanese municipal plans into structured JSON",
    after_help = "Examples:\n  \
        keikaku extract seeds/ninohe-2021.txt              JSON on stdout\n  \
        keikaku extract seeds/ -o out/                      one JSON file per .txt\n  \
        keikaku extract seeds/ -o out/ --dictionaries my/   with your own vocabularies\n  \
        keikaku extract a.txt b.txt --jsonl > all.jsonl     JSON Lines for other tools\n  \
        keikaku text plan-sjis.txt                          the decoded text spans index\n  \
        keikaku tokens seeds/bibai-2021.txt | head          the token stream\n  \
        keikaku normalize seeds/bibai-2021.txt --explain    what normalization changed\n  \
        keikaku eval fixtures/gold/ninohe-2021.json out/ninohe-2021.json\n  \
        keikaku check out/*.json                            validate reviewed files\n  \
        keikaku diff old/plan.json out/plan.json            what changed, item by item\n  \
        keikaku export out/ -o tables/                      CSV tables across plans\n  \
        keikaku stream < docs.jsonl > results.jsonl         a mapper for Spark, Hadoop\n  \
        keikaku review out/plan.json                        a review page: out/plan.html\n  \
        keikaku schema > keikaku.schema.json"
)]
struct Cli {
    /// Read the vocabulary files found in DIR (named as in `dictionaries/`, e.g.
    /// `status.tsv`) in place of the shipped ones; files it lacks stay as shipped. The
    /// dictionary fingerprint of the outputs changes with them.
    #[arg(long, global = true, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert plans to JSON.
    Extract(extract::Args),
    /// Tables across plans from keikaku outputs: measures, indicators, priorities,
    /// glossary and status summaries as CSV (Excel) or JSON Lines (DuckDB).
    Export(export::Args),
    /// Convert JSON Lines of `{"path", "text"|"base64"}` on stdin into one result line
    /// each on stdout, in order (a mapper for Spark's `RDD.pipe`, Hadoop streaming).
    Stream(stream::Args),
    /// Print the decoded text that spans index (UTF-8, before normalization).
    Text {
        /// The text file (`-` for standard input).
        file: PathBuf,
        /// Decode with this encoding instead of detecting it.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Print the token stream of a file (surface, part of speech, base form, reading).
    Tokens {
        /// The text file (`-` for standard input).
        file: PathBuf,
        /// Decode with this encoding instead of detecting it.
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Print a file's normalized text (`--explain`: what each rule changed).
    Normalize(normalize::Args),
    /// Print the strict JSON Schema of the output (codes as enums, no unknown keys).
    Schema,
    /// Validate keikaku JSON files (e.g. reviewed ones): `file:line:col: /pointer: message`,
    /// exit 1 on any error.
    Check(check::Args),
    /// Item-level differences between two keikaku JSON files (exit 0 equal, 1 different,
    /// 2 error).
    Diff(diff::Args),
    /// Write a review page per output: the source text beside the items, editable,
    /// saved back as JSON (one self-contained HTML file each).
    Review(review::Args),
    /// Measure decode, normalize, tokenize-only and the whole pipeline (MB/s, JSON).
    Bench(bench::Args),
    /// Score an output file against a gold file (precision, recall, F1 per kind); a file
    /// that is not gold, or gold for another source, is refused.
    Eval {
        /// The gold file (fixtures/gold/*.json).
        gold: PathBuf,
        /// keikaku's output for the same source.
        output: PathBuf,
        /// Exit non-zero when any kind scores an F1 below this.
        #[arg(long)]
        min_f1: Option<f64>,
        /// List what was missed and what was extra.
        #[arg(long, short)]
        verbose: bool,
    },
}

/// Runs the command line; the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(dir) = &cli.dictionaries {
        if let Err(e) = keikaku::vocab::use_directory(dir) {
            eprintln!("keikaku: error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let result = match cli.command {
        Command::Extract(args) => return extract::run(args),
        Command::Export(args) => return export::run(args),
        Command::Stream(args) => return stream::run(args),
        Command::Text { file, encoding } => text(&file, encoding),
        Command::Tokens { file, encoding } => tokens(&file, encoding),
        Command::Normalize(args) => normalize::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Check(args) => return check::run(args),
        Command::Diff(args) => return diff::run(args),
        Command::Review(args) => return review::run(args),
        Command::Schema => write_stdout(emit::schema().as_bytes()),
        Command::Eval {
            gold,
            output,
            min_f1,
            verbose,
        } => run_eval(&gold, &output, min_f1, verbose),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("keikaku: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a file, or standard input for `-` (a regular file of at most
/// [`keikaku::batch::DEFAULT_MAX_BYTES`]); errors name the file.
pub(crate) fn read_input(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    Ok(keikaku::batch::read_input(path, keikaku::batch::DEFAULT_MAX_BYTES)?.1)
}

/// Writes a command's whole output to standard output. A closed pipe (`| head`) ends it
/// quietly with success; any other failure is "cannot write", naming standard output.
pub(crate) fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::anyhow!("<stdout>: cannot write: {e}"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// `keikaku text`: the file decoded to UTF-8 exactly as the pipeline decodes it, before
/// normalization: the text every `span` indexes. A closed pipe ends the output quietly.
fn text(file: &std::path::Path, encoding: Option<String>) -> anyhow::Result<ExitCode> {
    let encoding = encoding
        .as_deref()
        .map(keikaku::decode::encoding_for_label)
        .transpose()?;
    let bytes = read_input(file)?;
    let name = file.display().to_string();
    let decoded = keikaku::decode::decode(&bytes, encoding).map_err(|e| e.in_file(&name))?;
    write_stdout(decoded.text.as_bytes())
}

fn tokens(file: &std::path::Path, encoding: Option<String>) -> anyhow::Result<ExitCode> {
    let mut builder = Pipeline::builder();
    if let Some(e) = encoding {
        builder = builder.encoding(e);
    }
    let pipeline = builder.build()?;
    let bytes = read_input(file)?;
    let name = file.display().to_string();
    let decoded =
        keikaku::decode::decode(&bytes, pipeline.encoding()).map_err(|e| e.in_file(&name))?;
    let normalized = pipeline.normalizer().normalize(&decoded.text);
    let mut out = String::new();
    for t in pipeline.tokenizer().tokenize_detailed(&normalized.text)? {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            t.surface,
            t.part_of_speech,
            t.base_form.as_deref().unwrap_or("*"),
            t.reading.as_deref().unwrap_or("*")
        ));
    }
    write_stdout(out.as_bytes())
}

fn run_eval(
    gold: &PathBuf,
    output: &PathBuf,
    min_f1: Option<f64>,
    verbose: bool,
) -> anyhow::Result<ExitCode> {
    let read_json = |p: &PathBuf| -> anyhow::Result<serde_json::Value> {
        let text = std::fs::read_to_string(p)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", p.display()))?;
        keikaku::validate::parse(&text).map_err(|d| anyhow::anyhow!("{}:{d}", p.display()))
    };
    let gold_json = read_json(gold)?;
    let doc: keikaku::Document = serde_json::from_value(read_json(output)?)
        .map_err(|e| anyhow::anyhow!("{}: not a keikaku document: {e}", output.display()))?;
    eval::accept(&gold_json, &doc).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
    let scores = eval::score(&gold_json, &doc);
    let mut out = eval::report(&scores);
    if verbose {
        for s in &scores {
            for m in &s.missed {
                out.push_str(&format!("missed {}: {m}\n", s.kind));
            }
            for x in &s.extra {
                out.push_str(&format!("extra  {}: {x}\n", s.kind));
            }
        }
    }
    write_stdout(out.as_bytes())?;
    let failed = min_f1.is_some_and(|min| scores.iter().any(|s| s.f1 < min));
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
