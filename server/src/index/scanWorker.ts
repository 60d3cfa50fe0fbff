// A scan worker thread: reads, decodes and extracts facts for batches of files the scanner sends,
// so a cold index of a large tree uses every core. Bundled as dist/scanWorker.js.
import { parentPort } from 'node:worker_threads';
import { definitionPass, firstPass, type FirstPassOutcome, type SourceFile } from './readSource';
import type { FunctionFact } from '../syntax/factTypes';

export type WorkerRequest =
  | { id: number; kind: 'first'; files: SourceFile[]; maxBytes: number }
  | { id: number; kind: 'definitions'; files: SourceFile[]; names: string[]; maxBytes: number };

export type WorkerResponse =
  | { id: number; kind: 'first'; outcomes: FirstPassOutcome[] }
  | {
      id: number;
      kind: 'definitions';
      definitions: { uri: string; functions: FunctionFact[] | undefined }[];
    };

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.kind === 'first') {
    const outcomes = req.files.map((f) => firstPass(f, req.maxBytes, false));
    parentPort?.postMessage({ id: req.id, kind: 'first', outcomes } satisfies WorkerResponse);
    return;
  }
  const names = new Set(req.names);
  const definitions = req.files.map((f) => ({
    uri: f.uri,
    functions: definitionPass(f, undefined, names, req.maxBytes),
  }));
  parentPort?.postMessage({
    id: req.id,
    kind: 'definitions',
    definitions,
  } satisfies WorkerResponse);
});
