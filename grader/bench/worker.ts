// One benchmark run in a process of its own: `node --expose-gc --import tsx
// grader/bench/worker.ts '<params as JSON>'` prints the result as one JSON line.

import { BenchError } from "./cluster";
import { Params, runMemory, runThroughput } from "./workloads";

function main(): void {
  const raw = process.argv[2];
  if (raw === undefined) {
    throw new BenchError("usage: worker.ts '<params as JSON>'");
  }
  const p = JSON.parse(raw) as Params;
  const result = p.kind === "throughput" ? runThroughput(p) : runMemory(p);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
