import { runAudit } from './audit.ts';
import { UsageError } from './browser.ts';

const USAGE = `Usage: consentlens <command> [options]

Commands:
  audit [URL…]        audit pages in headless Chromium with the extension (--help for options)
  classify [FILE|-]   classify a cookie list you already have`;

/** Entry point of the command line; every failure ends in one sentence on standard error and exit 2. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  switch (command) {
    case 'audit':
      return runAudit(rest, io);
    case 'classify': {
      const { runClassify } = await import('./classify.ts');
      return runClassify(rest, io);
    }
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}": use audit or classify.`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof UsageError
        ? error.message
        : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`consentlens: ${message}\n`);
    process.exitCode = 2;
  },
);
