// One benchmark run in a process of its own: `node --expose-gc --import tsx
// grader/bench/worker.ts '<params as JSON>'` prints the result as one JSON line.

import { BenchError } from "./cluster";
import { Params, WorkerResult, runMemory, runSim, runThroughput } from "./workloads";

function main(): void {
  const raw = process.argv[2];
  if (raw === undefined) {
    throw new BenchError("usage: worker.ts '<params as JSON>'");
  }
  const p = JSON.parse(raw) as Params;
  let result: WorkerResult;
  switch (p.kind) {
    case "throughput":
      result = runThroughput(p);
      break;
    case "memory":
      result = runMemory(p);
      break;
    case "sim":
      result = runSim(p);
      break;
    default:
      throw new BenchError(`unknown workload kind in ${raw}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
