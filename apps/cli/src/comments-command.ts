import { readFile } from 'node:fs/promises';
import { TikrxError } from '@tikrx/core';
import type { CommentField } from '@tikrx/research';
import { RESEARCH_MAX_COUNT } from '@tikrx/research';
import { Command } from 'commander';
import {
  addPageOptions,
  type CommonFlags,
  type PageFlags,
  pageRequestOf,
  positiveInteger,
  usageError,
} from './common-options.js';
import { addEndpointOptions, runEndpointCommand } from './research-endpoint-command.js';

interface CommentsFlags extends CommonFlags, PageFlags {
  fromFile?: string;
  concurrency?: number;
}

export function commentsCommand(onExit: (code: number) => void): Command {
  const command = new Command('comments')
    .summary('comments of videos (Research API)')
    .description(
      'The comments of each video (Research API video/comment/list), the top 1,000 per video.\n' +
        'Videos from the arguments, or from --from-file: the NDJSON output of another crawl\n' +
        '(e.g. `tikrx research`), whose `id`s are read. A video whose comments the API will not\n' +
        'give is skipped with a warning. Credentials: TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.',
    )
    .argument('[videoIds...]', 'video ids (decimal)')
    .option('--from-file <file>', 'read the video ids from an NDJSON file of videos')
    .option('--concurrency <n>', 'videos read at once (default 4)', positiveInteger);
  addPageOptions(command, RESEARCH_MAX_COUNT);
  addEndpointOptions(command, { videos: false });
  command.addHelpText(
    'after',
    `
Examples:
  $ tikrx comments 7320768196569599275
  $ tikrx research --hashtag cats --from 2024-01-01 --to 2024-01-07 --out videos.ndjson
  $ tikrx comments --from-file videos.ndjson --out comments.ndjson --checkpoint comments.checkpoint.json`,
  );
  command.action(async (videoIds: string[], flags: CommentsFlags) => {
    if (videoIds.length === 0 && flags.fromFile === undefined) {
      usageError(command, 'give video ids, or --from-file with the NDJSON of a crawl');
    }
    if (videoIds.length > 0 && flags.fromFile !== undefined) {
      usageError(command, 'give video ids or --from-file, not both');
    }
    const ids = flags.fromFile === undefined ? videoIds : await idsOfFile(flags.fromFile);
    const request = {
      ...pageRequestOf<CommentField>(flags),
      ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    };
    onExit(
      await runEndpointCommand(command, 'comments', flags, () => ({
        crawl: { videoIds: ids, ...request },
        stream: (client, resume) => client.comments(ids, { ...request, ...resume }),
      })),
    );
  });
  return command;
}

/** The `id` of each line of an NDJSON file of videos, in order, once each. */
export async function idsOfFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--from-file ${path}: ${(error as Error).message}`,
    });
  }
  const ids = new Set<string>();
  for (const [at, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let id: unknown;
    try {
      id = (JSON.parse(line) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string') {
      throw new TikrxError({
        kind: 'bad_request',
        message: `--from-file ${path}: line ${at + 1} is not a JSON video with a string id`,
      });
    }
    ids.add(id);
  }
  if (ids.size === 0) {
    throw new TikrxError({ kind: 'bad_request', message: `--from-file ${path} holds no video` });
  }
  return [...ids];
}
