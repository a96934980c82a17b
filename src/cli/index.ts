#!/usr/bin/env node
import { parseViewArgs, runView, UsageError, VIEW_USAGE } from './view';

const USAGE = `Usage: tracewright <command>

Commands:
  view [files...]   serve a local page with the traces in span files (tracewright view --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'view') {
    console.error(`tracewright: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    console.log(VIEW_USAGE);
    return 0;
  }
  try {
    const stop = await runView(parseViewArgs(rest), (l) => console.log(l), (l) => console.error(l));
    const onSignal = () => {
      void stop().finally(() => process.exit(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return -1;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`tracewright view: ${error.message}\n\n${VIEW_USAGE}`);
      return 2;
    }
    console.error(`tracewright view: ${(error as Error).message}`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
