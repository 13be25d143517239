// A tiny key-value state machine, applied from committed log entries, and the
// clients that use it. Each operation appends a value to a key; a client tags
// it with (client, seq) so a retried proposal that lands in the log twice is
// applied once (exactly-once semantics, as a real KV service does it).

/** One client operation as it travels in an entry's data. */
export interface KvOp {
  c: number;
  s: number;
  k: string;
  v: string;
}

export function encodeOp(op: KvOp): Uint8Array {
  return Buffer.from(JSON.stringify(op), "utf8");
}

/** The op in an entry's data; undefined for an empty entry (a leader's no-op). Throws on garbage. */
export function decodeOp(data: Uint8Array | undefined): KvOp | undefined {
  if (data === undefined || data.length === 0) return undefined;
  const text = Buffer.from(data).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RangeError(`entry data is not a simulator operation: ${JSON.stringify(text.slice(0, 40))}`);
  }
  const op = parsed as KvOp;
  if (typeof op.c !== "number" || typeof op.s !== "number" || typeof op.k !== "string") {
    throw new RangeError(`entry data is not a simulator operation: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return op;
}

export function fmtOp(op: KvOp | undefined): string {
  return op === undefined ? "no-op" : `c${op.c}#${op.s} ${op.k}+=${op.v}`;
}

/** The replicated state: values per key and, per client, the last applied seq. */
export class KvStore {
  data = new Map<string, string>();
  lastSeq = new Map<number, number>();

  /** Applies one op; returns false when it was a duplicate and changed nothing. */
  apply(op: KvOp): boolean {
    if ((this.lastSeq.get(op.c) ?? 0) >= op.s) return false;
    this.lastSeq.set(op.c, op.s);
    this.data.set(op.k, (this.data.get(op.k) ?? "") + op.v);
    return true;
  }

  /** Snapshot data: the whole state as bytes. */
  encode(): Uint8Array {
    const obj = {
      d: [...this.data.entries()].sort(),
      s: [...this.lastSeq.entries()].sort((a, b) => a[0] - b[0]),
    };
    return Buffer.from(JSON.stringify(obj), "utf8");
  }

  static decode(bytes: Uint8Array | undefined): KvStore {
    const kv = new KvStore();
    if (bytes === undefined || bytes.length === 0) return kv;
    const obj = JSON.parse(Buffer.from(bytes).toString("utf8")) as {
      d: [string, string][];
      s: [number, number][];
    };
    kv.data = new Map(obj.d);
    kv.lastSeq = new Map(obj.s);
    return kv;
  }
}

/** One operation of the client history, for the linearizability check. */
export interface HistoryOp {
  client: number;
  seq: number;
  /** Tick the client first proposed it. */
  invoke: number;
  /** Tick some node first applied it (the client's answer); undefined while pending. */
  response?: number;
  /** Log index at which it took effect. */
  index?: number;
  /** The key and the value the operation appends. */
  key: string;
  value: string;
  /** The client's reply: the key's whole value on the answering node right after the append. */
  output?: string;
}

/**
 * Checks the client history against real time. Every operation goes through
 * the log, so the log order is a total order of the operations; with
 * state-machine safety that order explains every result, and it is a valid
 * linearization exactly when it respects real time: if A answered before B
 * was invoked, A's index is smaller. Returns a description of the first
 * violation, or undefined.
 */
export function checkRealTimeOrder(
  history: readonly Pick<HistoryOp, "client" | "seq" | "invoke" | "response" | "index">[],
): string | undefined {
  const done = history.filter((h) => h.response !== undefined && h.index !== undefined);
  const byResponse = [...done].sort((a, b) => a.response! - b.response!);
  const byInvoke = [...done].sort((a, b) => a.invoke - b.invoke);
  let j = 0;
  let best: (typeof history)[number] | undefined;
  for (const b of byInvoke) {
    while (j < byResponse.length && byResponse[j].response! < b.invoke) {
      const a = byResponse[j++];
      if (best === undefined || a.index! > best.index!) best = a;
    }
    if (best !== undefined && best.index! > b.index!) {
      return (
        `client op c${best.client}#${best.seq} was answered at tick ${best.response} (log index ${best.index}) ` +
        `before c${b.client}#${b.seq} was invoked at tick ${b.invoke}, yet the later op took effect earlier ` +
        `(index ${b.index})`
      );
    }
  }
  return undefined;
}
