import { Command, CommanderError, Option } from "commander";
import { AUTH_MODES, BILLING_STRATEGIES, DEPLOY_STRATEGIES, REPORT_FORMATS, type ReportFormat } from "./core/vocabulary.js";
import { deployCommand } from "./deploy/options.js";
import { EXIT, FalpubError, formatError } from "./errors.js";
import { VERSION } from "./meta.js";
import type { Terminal } from "./terminal.js";
import type { CommandIO } from "./commands/io.js";

/**
 * What a run of the CLI may touch. src/cli.ts passes the process's; tests pass their own and
 * run commands in-process (deploy excepted: its command wires the real fal, signals and
 * progress to the process; its orchestration is tested through src/commands/deploy/run.ts).
 */
export interface CliIO extends Omit<CommandIO, "term"> {
  /** Is there a person at a terminal, and colour, for output written to this stream. */
  terminal(stream: "stdout" | "stderr", colorFlag: boolean | undefined): Terminal;
}

/** Runs `falpub <argv>`; resolves to the exit code. Every error ends here as a message, never a throw. */
export async function runCli(argv: string[], cli: CliIO): Promise<number> {
  const run = { exitCode: EXIT.ok as number };
  const program = createProgram(argv, cli, run);
  try {
    await program.parseAsync(argv, { from: "user" });
    return run.exitCode;
  } catch (error) {
    return report(error, cli);
  }
}

function createProgram(argv: string[], cli: CliIO, run: { exitCode: number }): Command {
  const program = new Command("falpub")
    .description("Publish fal apps on the fal Marketplace safely: check the manifest and code, deploy in shared mode with billing, scaffold new apps.")
    .version(VERSION, "-V, --version")
    .option("--color", "force coloured output")
    .option("--no-color", "no colour (also: NO_COLOR=1); colour is used only on a terminal")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: cli.out, writeErr: cli.err })
    .exitOverride()
    .addHelpText(
      "after",
      `
Exit codes:
  0    success
  1    the project has errors (check found errors; deploy refused to run)
  2    usage error (unknown flag, bad argument, missing manifest)
  3    the fal CLI ran and failed, or the platform reports a failed item (not shared; a status/verify item)
  4    the fal CLI is missing, broken or too old
  5    the platform could not be asked (status, verify, price: bad key, unreachable, blocked, …)
  70   internal error (a bug in falpub: please report it)
  130  interrupted

Start with:  falpub init my-app && cd my-app && falpub check && falpub deploy --dry-run`,
    );

  const terminal = (stream: "stdout" | "stderr" = "stdout") => cli.terminal(stream, program.getOptionValueSource("color") === "cli" ? program.opts().color : undefined);
  const io = (stream: "stdout" | "stderr" = "stdout"): CommandIO => ({ ...cli, term: terminal(stream) });

  // Only the invoked command is defined (its options and help text cost a few ms a start); with
  // no command, --help or an unknown word every one is, for the overview and did-you-mean.
  const commands: Record<string, () => void> = {
    check: () =>
      program
        .command("check")
        .description("Check falpub.yaml, the app's Python source and pyproject.toml for everything the Marketplace needs. Reports all problems at once.")
        .argument("[paths...]", "manifests, directories (their manifest, else all below, else the nearest above), or an app's .py / pyproject.toml (default: .)")
        .addOption(new Option("--format <format>", "output format: pretty (grouped by file), concise (one line per finding), json, github (annotations), sarif").choices(REPORT_FORMATS).default("pretty"))
        .option("--concise", "same as --format concise")
        .option("-o, --output-file <path>", "write the --format output to this file instead of stdout")
        .option("--sarif-file <path>", "also write a SARIF log to this file (whatever --format is)")
        .option("--json-file <path>", "also write the JSON report to this file (whatever --format is)")
        .option("--strict", "treat warnings as errors (exit 1 on any warning)")
        .option("--preview", "also show, per endpoint and billing example, the units the code reports and what the caller pays")
        .addHelpText(
          "after",
          `
Examples:
  falpub check                       ./falpub.yaml; at a monorepo root every app below it
  falpub check apps/a apps/b         several apps in one run
  falpub check app.py                the app(s) whose falpub.yaml uses app.py
  falpub check --format github       annotations in GitHub Actions
  falpub check --format sarif -o falpub.sarif  for code scanning
  falpub check --format github --sarif-file falpub.sarif   both in one run
  falpub check --concise             one path:line:col line per finding
  falpub check --preview             units and price of each billing example

Exits 0 when there are no errors, 1 when there are (with --strict: also warnings), 2 when a
path could not be checked (the others still are).`,
        )
        .action(async (paths: string[], opts: { format: ReportFormat; concise?: boolean; outputFile?: string; sarifFile?: string; jsonFile?: string; strict?: boolean; preview?: boolean }, cmd: Command) => {
          const { runCheck } = await import("./commands/check.js");
          if (opts.concise && cmd.getOptionValueSource("format") === "cli" && opts.format !== "concise") {
            throw new FalpubError(`--concise and --format ${opts.format} ask for two formats.`, EXIT.usage, "Use one of them; --sarif-file / --json-file write a second format to a file.");
          }
          const format = opts.concise ? "concise" : opts.format;
          const outputs = { outputFile: opts.outputFile, sarifFile: opts.sarifFile, jsonFile: opts.jsonFile };
          run.exitCode = await runCheck(paths, { format, strict: Boolean(opts.strict), preview: Boolean(opts.preview), ...outputs }, io(), VERSION);
        }),
    // Options and help live with the deploy code (src/deploy/options.ts), which parses them the same way in tests.
    deploy: () =>
      program.addCommand(
        deployCommand()
          .copyInheritedSettings(program)
          .action(async (_ref: string | undefined, _opts: unknown, cmd: Command) => {
            const { runDeployCommand } = await import("./commands/deploy.js");
            run.exitCode = await runDeployCommand(cmd, terminal("stderr"), VERSION);
          }),
      ),
    init: () =>
      program
        .command("init")
        .description("Scaffold a publishable fal app: falpub.yaml, app.py (shared auth, billing header, health check), pyproject.toml and a CI workflow.")
        .argument("[dir]", "directory to create the app in (default: .)")
        .addOption(new Option("--billing <strategy>", "billing strategy").choices(BILLING_STRATEGIES))
        .option("--name <name>", "app name, kebab-case (default: from the directory)")
        .option("--class <ClassName>", "Python class name (default: from the app name)")
        .option("--machine-type <type>", "machine type, e.g. GPU-A100 or S")
        .option("-y, --yes", "never prompt: defaults for --name, --class and --machine-type (--billing is still required)")
        .option("--adopt", "the directory already holds a fal app: write only falpub.yaml, filled from its code and pyproject.toml")
        .addHelpText(
          "after",
          `
Without a terminal (CI) init never prompts: pass --billing (and optionally --name, --class,
--machine-type). It never overwrites: if a file it would write exists, it writes nothing.
In a directory that already holds a fal app it points at --adopt, which writes falpub.yaml only
(--billing, --name and --class override what it reads from the code).

Examples:
  falpub init my-model --billing per_megapixel --machine-type GPU-A100
  falpub init . --billing per_image --yes      in the current directory, no questions
  falpub init --adopt                          an existing fal app: write only falpub.yaml`,
        )
        .action(async (dir: string | undefined, opts: Record<string, string | boolean | undefined>) => {
          const { runInit } = await import("./commands/init.js");
          run.exitCode = await runInit(dir ?? ".", opts, io());
        }),
    status: () =>
      program
        .command("status")
        .description("Check the publishing checklist against the live platform with your key: endpoint id and owner, auth mode shared, current revision = this commit, price configured, listed, traffic, billing recorded.")
        .argument("[path]", "falpub.yaml or a directory holding one (default: .)")
        .option("--env <name>", "fal environment (default: app.environment, else FAL_ENV, else main)")
        .option("--json", "one JSON document on stdout (schemaVersion, app, items)")
        .option("--timeout <seconds>", "limit for each platform request (default: 30)")
        .addHelpText(
          "after",
          `
Needs FAL_KEY (an API or ADMIN key of the app's owner). Asks the Platform API only (never
calls the app, costs nothing). Base URLs: FALPUB_API_URL, FALPUB_REST_URL.

Examples:
  falpub status                      the app in ./falpub.yaml
  falpub status apps/flux --env staging
  falpub status --json > status.json

Exits 0 when every check ran and none failed (to-do items may remain), 3 when an item
failed on the platform's word (e.g. not shared, price differs), 5 when the platform could
not be asked (bad key, unreachable, rate-limited, blocked), 2 without FAL_KEY.`,
        )
        .action(async (given: string | undefined, opts: Record<string, string | boolean | undefined>) => {
          const { runStatus } = await import("./commands/status.js");
          run.exitCode = await runStatus(given, opts, io(), VERSION);
        }),
    verify: () =>
      program
        .command("verify")
        .description("Call the deployed app with each billing example (billing.examples, else marketplace.example_input) and check the x-fal-billable-units it reports; then check that a call without a key is refused.")
        .argument("[path]", "falpub.yaml or a directory holding one (default: .)")
        .option("--yes", "agree that the calls may be billed to your account (required without a terminal)")
        .option("--wait-billing [seconds]", "then wait until fal records billable_units for these calls and compare (default: 300 s)")
        .option("--env <name>", "fal environment (default: app.environment, else FAL_ENV, else main)")
        .option("--json", "one JSON document on stdout (schemaVersion, app, calls, items)")
        .option("--timeout <seconds>", "limit for each call to the app (default: 300)")
        .addHelpText(
          "after",
          `
Each call goes to FALPUB_RUN_URL (https://fal.run) with your FAL_KEY, X-Fal-No-Retry: 1 and
X-Fal-Store-IO: 0, and MAY BE BILLED to your fal account. On a terminal falpub asks first;
without one it refuses unless --yes is given. Headers are compared as numbers ("2.00000000" is 2).

Examples:
  falpub verify                      asks, then calls each billing example
  falpub verify --yes --json         in CI
  falpub verify --yes --wait-billing 600

Exits 0 when every example reports its declared units and keyless calls are refused, 3 when
one does not (missing, non-numeric or different header; app refused the input; public app),
5 when the platform could not be asked, 2 without FAL_KEY or (no terminal) without --yes.`,
        )
        .action(async (given: string | undefined, opts: Record<string, string | boolean | undefined>) => {
          const { runVerify } = await import("./commands/verify.js");
          run.exitCode = await runVerify(given, opts, io(), VERSION);
        }),
    price: () =>
      program
        .command("price")
        .description("Compare your proposed price (billing.unit_price_usd) with Marketplace models of the card's category, in the same unit only; show what the billing examples cost.")
        .argument("[path]", "falpub.yaml or a directory holding one (default: .)")
        .option("--compare <ids>", "compare with these endpoint ids instead (comma-separated, up to 50)")
        .option("--limit <n>", "at most this many models of the category (default: 20, at most 50)")
        .option("--env <name>", "fal environment of your app (default: app.environment, else FAL_ENV, else main)")
        .option("--json", "one JSON document on stdout (schemaVersion, comparables, summary, examples)")
        .option("--timeout <seconds>", "limit for each platform request (default: 30)")
        .addHelpText(
          "after",
          `
Prices in a different unit (image vs megapixels, credits, compute seconds) are listed but
never compared. Estimates are asked one at a time (fal rate-limits them hard) and backed off.

Examples:
  falpub price                                   models in marketplace.category
  falpub price --compare fal-ai/flux/dev,fal-ai/recraft
  falpub price --json

Exits 0, 5 when the platform could not be asked, 2 without FAL_KEY or a category.`,
        )
        .action(async (given: string | undefined, opts: Record<string, string | boolean | undefined>) => {
          const { runPrice } = await import("./commands/price.js");
          run.exitCode = await runPrice(given, opts, io(), VERSION);
        }),
    schema: () =>
      program
        .command("schema")
        .description("Print the JSON Schema of falpub.yaml (what editors use to complete and check the manifest).")
        .addHelpText(
          "after",
          `
falpub init writes it to .falpub/falpub.schema.json and points the manifest's first line at it:
  # yaml-language-server: $schema=./.falpub/falpub.schema.json

Examples:
  falpub schema > .falpub/falpub.schema.json   refresh the copy after upgrading falpub
  falpub schema | jq '.properties.billing'`,
        )
        .action(async () => {
          const { runSchema } = await import("./commands/schema.js");
          run.exitCode = runSchema(io());
        }),
    explain: () =>
      program
        .command("explain")
        .description("Print a finding code's reference: what it means, its default severity, how to silence it, its docs.")
        .argument("[code]", "a code such as FP203 (any case) or a rule name such as billing-header-missing; none: list every code")
        .option("--json", "one JSON document")
        .addHelpText(
          "after",
          `
Examples:
  falpub explain FP203
  falpub explain billing-header-missing
  falpub explain                      every code, one per line`,
        )
        .action(async (code: string | undefined, opts: { json?: boolean }) => {
          const { runExplain } = await import("./commands/explain.js");
          run.exitCode = runExplain(code, Boolean(opts.json), io());
        }),
  };
  const invoked = argv.find((arg) => !arg.startsWith("-"));
  for (const [name, define] of Object.entries(commands)) if (invoked === undefined || !(invoked in commands) || name === invoked) define();

  return program;
}

/** The one error boundary: expected errors are one clear message; anything else a short bug report. */
function report(error: unknown, cli: CliIO): number {
  if (error instanceof CommanderError) {
    // Help and version are exit 0; every parse error is a usage error (2).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof FalpubError) {
    cli.err(formatError(error));
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  cli.err(
    `falpub: internal error: ${message}\n  This is a bug in falpub ${VERSION}. Please report it with the command you ran` +
      ` (set FALPUB_DEBUG=1 to see the stack).\n`,
  );
  if (cli.env.FALPUB_DEBUG && error instanceof Error) cli.err(`${error.stack}\n`);
  return EXIT.internal;
}

