// Command-line options of `npm run bench`.

export type BenchOptions = { json: boolean; quick: boolean; only: string | null };

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export function parseBenchArgs(args: string[]): BenchOptions {
  const options: BenchOptions = { json: false, quick: false, only: null };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--json') options.json = true;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--only') {
      const id = args[++index];
      if (!id || id.startsWith('--'))
        throw new BenchUsageError('--only needs a case id, e.g. --only workers');
      options.only = id;
    } else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length);
    else throw new BenchUsageError(`unknown option ${arg} (known: --json, --quick, --only <id>)`);
  }
  return options;
}
