//! `cqlbridge scan ks.table`: every row by token range ([`cqlbridge::scan`]),
//! printed or counted, with a progress bar and a closing summary on stderr.

mod bar;
mod interrupt;
mod saver;

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use cqlbridge::scan::{Checkpoint, ScanError, ScanOptions};

use crate::args::Cli;
use crate::failure::{Failure, CQL_ERROR, INTERRUPTED, USAGE_ERROR};
use crate::output::{Format, RowPrinter};
use crate::session::connect;
use bar::{progress_bar, show, summary};
use interrupt::Interrupt;
use saver::Saver;

/// How often the progress bar's numbers are refreshed.
const REDRAW: Duration = Duration::from_millis(100);

/// The arguments of `cqlbridge scan`.
#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// The table, as `keyspace.table`.
    #[arg(value_name = "KEYSPACE.TABLE")]
    table: String,
    /// The columns to read, comma-separated (default: every column).
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// How many token ranges to split the ring into (default: nodes × 16).
    #[arg(long)]
    ranges: Option<usize>,
    /// How many ranges to read at once.
    #[arg(long)]
    concurrency: Option<usize>,
    /// At most this many rows per second.
    #[arg(long, value_name = "ROWS_PER_SEC")]
    rate: Option<u32>,
    /// Where to keep the checkpoint (written atomically, after the rows it
    /// counts are flushed: every --checkpoint-every seconds, on Ctrl-C, on
    /// an error and at the end); an existing file is never overwritten
    /// without --resume.
    #[arg(long, value_name = "FILE")]
    checkpoint: Option<PathBuf>,
    /// Seconds between checkpoint writes (0: after every row).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 5,
        requires = "checkpoint"
    )]
    checkpoint_every: u64,
    /// Continue the scan the --checkpoint file was written by.
    #[arg(long, requires = "checkpoint")]
    resume: bool,
    /// Read shard I of N (`I/N`, 0 ≤ I < N): N processes read the table once.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// What to print on stdout: the rows (JSON lines or CSV) or their count.
    #[arg(long, value_enum, default_value_t = ScanOut::Count)]
    out: ScanOut,
}

/// A shard `i` of `n`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shard(u32, u32);

/// What `scan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScanOut {
    /// One JSON object per row.
    Json,
    /// A header, then one CSV record per row.
    Csv,
    /// Only the number of rows read.
    Count,
}

/// `I/N` as a [`Shard`]; the range of `I` is checked by the scan itself.
fn parse_shard(s: &str) -> Result<Shard, String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 0/4")?;
    let parse = |v: &str| v.trim().parse::<u32>().map_err(|e| format!("`{v}`: {e}"));
    Ok(Shard(parse(i)?, parse(n)?))
}

/// The scan error as a [`Failure`]: bad options and checkpoints are usage
/// errors, the rest (unknown tables included) CQL or server errors.
fn failure(e: &ScanError) -> Failure {
    let code = match e {
        ScanError::InvalidOption { .. }
        | ScanError::CheckpointUnreadable { .. }
        | ScanError::CheckpointMismatch { .. }
        | ScanError::CheckpointWrite { .. } => USAGE_ERROR,
        _ => CQL_ERROR,
    };
    Failure {
        message: e.to_string(),
        code,
    }
}

/// The options the arguments ask for; loads the checkpoint to resume.
fn options(args: &ScanArgs) -> Result<ScanOptions, Failure> {
    let mut o = ScanOptions::new();
    if !args.columns.is_empty() {
        o = o.columns(args.columns.iter().map(|c| c.trim().to_string()));
    }
    if let Some(n) = args.ranges {
        o = o.ranges(n);
    }
    if let Some(n) = args.concurrency {
        o = o.concurrency(n);
    }
    if let Some(r) = args.rate {
        o = o.rate_limit(r);
    }
    if let Some(Shard(i, n)) = args.shard {
        o = o.shard(i, n);
    }
    if let Some(path) = &args.checkpoint {
        if args.resume {
            o = o.resume(Checkpoint::load(path).map_err(|e| failure(&e))?);
        } else if path.exists() {
            return Err(Failure::usage(format!(
                "checkpoint {} exists: pass --resume to continue its scan, or remove it",
                path.display()
            )));
        }
    }
    Ok(o)
}

/// What one run of the scan loop ended with.
enum Ending {
    /// Every row was read.
    Finished,
    /// SIGINT arrived.
    Interrupted,
    /// A row could not be read or printed.
    Failed(Failure),
}

/// Scans the table, printing rows or their count, then a summary on stderr.
pub(crate) fn run(cli: &Cli, args: &ScanArgs) -> Result<(), Failure> {
    let Some((keyspace, table)) = args.table.split_once('.') else {
        return Err(Failure::usage(format!(
            "`{}` is not KEYSPACE.TABLE",
            args.table
        )));
    };
    let options = options(args)?;
    let mut saver = Saver::new(
        args.checkpoint.clone(),
        Duration::from_secs(args.checkpoint_every),
    )?;
    let interrupt = Interrupt::install();
    let session = connect(cli)?;
    let mut rows = cqlbridge::scan::scan_blocking(&session, keyspace, table, options)
        .map_err(|e| failure(&e))?;
    let bar = progress_bar();
    let format = match args.out {
        ScanOut::Json => Some(Format::Json),
        ScanOut::Csv => Some(Format::Csv),
        ScanOut::Count => None,
    };
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut printer = format.map(|f| RowPrinter::new(f, stdout));
    let mut count: u64 = 0;
    let mut drawn = Instant::now();
    let ending = loop {
        if interrupt.requested() {
            break Ending::Interrupted;
        }
        let row = match rows.next() {
            None => break Ending::Finished,
            Some(Ok(row)) => row,
            Some(Err(e)) => break Ending::Failed(failure(&e)),
        };
        count += 1;
        if let Some(p) = printer.as_mut() {
            if let Err(e) = p.row(&row) {
                break Ending::Failed(Failure::output(&e));
            }
        }
        if saver.due() {
            if let Err(f) = saver.save(printer.as_mut(), &rows) {
                break Ending::Failed(f);
            }
        }
        if !bar.is_hidden() && drawn.elapsed() >= REDRAW {
            show(&bar, &rows.progress());
            drawn = Instant::now();
        }
    };
    // The rows printed are flushed before the checkpoint that counts them.
    let saved = saver.save(printer.as_mut(), &rows);
    let progress = rows.progress();
    drop(rows);
    show(&bar, &progress);
    bar.finish_and_clear();
    let printed = match printer {
        Some(p) => p.finish().map_err(|e| Failure::output(&e)),
        None => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{count}")
                .and_then(|()| out.flush())
                .map_err(|e| Failure::output(&e))
        }
    };
    let note = match (&ending, saver.path()) {
        (Ending::Finished, _) => String::new(),
        (_, Some(path)) => format!(
            ", not finished: resume with --checkpoint {} --resume",
            path.display()
        ),
        (_, None) => ", not finished".to_string(),
    };
    eprintln!("{}", summary(&progress, &args.table, &note));
    match ending {
        Ending::Failed(f) => Err(f),
        Ending::Interrupted => {
            saved?;
            Err(Failure {
                message: "interrupted".into(),
                code: INTERRUPTED,
            })
        }
        Ending::Finished => saved.and(printed),
    }
}
