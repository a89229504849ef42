/**
 * `kcheck merge`: the shard files of one campaign (`check`, `matrix` or `zoo` run with --shard i/n on n machines)
 * into what the unsharded command would have written and printed, with its exit code. The files are checked to be
 * the n shards of one campaign, each once, written by this version of kcheck; anything else exits 2.
 */
import { parseArgs } from 'node:util';
import { mergeCheckShards, type ShardClaimResult } from './check-command.ts';
import { outputPathFlag } from './flags.ts';
import { cellResultsFromShards, writeMatrixReports, type ShardCellResult } from './matrix-command.ts';
import { readCampaign } from './shards.ts';
import { mergeZooShards, type ShardHunt } from './zoo-command.ts';
import { KcheckInputError } from '../input-error.ts';

export const MERGE_USAGE = `  kcheck merge SHARD_FILE... [--out-dir DIR]
                                         merge the shard files of one check, matrix or zoo campaign
                                         (run with --shard i/n, all n of them) into the reports and
                                         output the unsharded command gives (matrix, zoo: in DIR,
                                         default reports; traces as the command writes them); exit
                                         as that command would; 2 if the files are not the n shards
                                         of one campaign`;

export async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'out-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  const campaign = readCampaign(positionals);
  const dir = outputPathFlag(values['out-dir'], 'out-dir') ?? 'reports';
  switch (campaign.command) {
    case 'check':
      if (values['out-dir'] !== undefined) throw new KcheckInputError('usage', '--out-dir is for matrix and zoo campaigns: a check writes its traces to reports/runs/');
      return mergeCheckShards(campaign.results as ShardClaimResult[], (campaign.parameters.stepsMax as number | null) ?? undefined);
    case 'matrix': {
      const { seed, broker } = campaign.parameters as { seed: number; broker: string };
      return writeMatrixReports(cellResultsFromShards(campaign.results as ShardCellResult[]), seed, broker, dir);
    }
    case 'zoo':
      return mergeZooShards(campaign.parameters, campaign.results as ShardHunt[], dir);
    default: {
      const never: never = campaign.command;
      throw new Error(`unknown shard command ${String(never)}`);
    }
  }
}
