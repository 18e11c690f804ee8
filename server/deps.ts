import type { Catalogue } from './challenges/load.ts';
import type { Config } from './config.ts';
import type { Db } from './db/pool.ts';
import type { LiveManager } from './live/manager.ts';
import type { PracticeManager } from './practice/manager.ts';

/** Puts a grading on the queue; the worker picks it up by id. */
export interface GradingQueue {
  /** `requestId`: the HTTP request that asked for it, carried into the worker's log lines. */
  enqueue(gradingId: string, context?: { requestId?: string }): Promise<void>;
}

/** What routes and commands need, passed in explicitly (tests build their own). */
export interface AppDeps {
  config: Config;
  db: Db;
  catalogue: Catalogue;
  queue: GradingQueue;
  /** Live environments; absent where this server runs none (then live challenges answer 503). */
  live?: LiveManager;
  /** The untimed practice before the clock; absent with `live` (then the intro page offers none). */
  practice?: PracticeManager;
}
