//! `keikaku normalize`: prints a file's normalized text, or with `--explain` what each
//! rule changed (source line, rule, before → after).

use std::path::PathBuf;
use std::process::ExitCode;

use keikaku::normalize::{Normalizer, Rule};

/// Arguments of `keikaku normalize`.
#[derive(clap::Args)]
pub struct Args {
    /// The text file (`-` for standard input).
    file: PathBuf,
    /// List the changes instead of printing the text: line, rule, before → after.
    #[arg(long)]
    explain: bool,
    /// Run only these rules (comma-separated; see --list-rules).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    rules: Option<Vec<String>>,
    /// Do not run this rule (repeatable).
    #[arg(long = "no-rule", value_name = "NAME")]
    no_rule: Vec<String>,
    /// Decode with this encoding instead of detecting it.
    #[arg(long)]
    encoding: Option<String>,
}

fn parse_rules(names: &[String]) -> anyhow::Result<Vec<Rule>> {
    names
        .iter()
        .map(|n| {
            Rule::from_name(n).ok_or_else(|| {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                anyhow::anyhow!("unknown rule `{n}` (rules: {})", known.join(", "))
            })
        })
        .collect()
}

/// Runs the subcommand.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut rules = match &args.rules {
        Some(names) => parse_rules(names)?,
        None => Rule::ALL.to_vec(),
    };
    let off = parse_rules(&args.no_rule)?;
    rules.retain(|r| !off.contains(r));
    let encoding = args
        .encoding
        .as_deref()
        .map(keikaku::decode::encoding_for_label)
        .transpose()?;
    let bytes = super::read_input(&args.file)?;
    let name = args.file.display().to_string();
    let decoded = keikaku::decode::decode(&bytes, encoding).map_err(|e| e.in_file(&name))?;
    let normalizer = Normalizer::with_rules(&rules);
    let mut out = String::new();
    if args.explain {
        let (_, changes) = normalizer.explain(&decoded.text);
        let show = |s: &str| s.replace('\n', "⏎").replace('\t', "⇥");
        for c in &changes {
            out.push_str(&format!(
                "{name}:{}\t{}\t{} → {}\n",
                c.line,
                c.rule.name(),
                show(&c.before),
                show(&c.after)
            ));
        }
    } else {
        out = normalizer.normalize(&decoded.text).text;
    }
    super::write_stdout(out.as_bytes())
}
