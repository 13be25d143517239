// Tests of the unit-test network (spec §4) with small fake nodes, so that they
// do not depend on any Raft implementation.

import { Message, MessageType } from "@raft/eraftpb";
import { GradeFailure } from "./assert";
import { msg, readMessages } from "./helpers";
import { BLACK_HOLE, Network, newNetwork } from "./network";
import { Rng } from "./rng";

/** A fake node: records what it receives and answers with whatever `react` returns. */
class Fake {
  id = 0;
  msgs: Message[] = [];
  received: Message[] = [];
  constructor(private readonly react: (self: Fake, m: Message) => Message[] = () => []) {}
  step(m: Message): void {
    this.received.push(m);
    this.msgs.push(...this.react(this, m));
  }
}

const APP = MessageType.MsgAppend;
const RESP = MessageType.MsgAppendResponse;

function m(from: number, to: number, msgType: MessageType = APP, index = 0): Message {
  return msg({ msgType, from, to, index });
}

/** Every delivery in order, as "from→to:index". */
function trace(...nodes: Fake[]): string[] {
  return nodes
    .flatMap((n) => n.received.map((x) => ({ x, at: deliveryOrder.get(x) ?? -1 })))
    .sort((a, b) => a.at - b.at)
    .map(({ x }) => `${x.from}→${x.to}:${x.index}`);
}
const deliveryOrder = new Map<Message, number>();
let clock = 0;
function stamping(react: (self: Fake, m: Message) => Message[] = () => []) {
  return new Fake((self, x) => {
    deliveryOrder.set(x, clock++);
    return react(self, x);
  });
}

describe("Network.send", () => {
  test("delivers first in, first out, draining only the receiver after each step", () => {
    // n1 answers the kick-off with messages to n2 and n3; n2 answers with one to n3.
    const n1 = stamping((self, x) => (x.index === 0 ? [m(1, 2, APP, 1), m(1, 3, APP, 2)] : []));
    const n2 = stamping(() => [m(2, 3, APP, 3)]);
    const n3 = stamping();
    const net = newNetwork(n1, n2, n3);
    net.send(m(0, 1, APP, 0));
    expect(trace(n1, n2, n3)).toEqual(["0→1:0", "1→2:1", "1→3:2", "2→3:3"]);
    expect(net.delivered).toBe(4);
  });

  test("overwrites the id of a given node with its position", () => {
    const a = new Fake();
    const b = new Fake();
    a.id = 7;
    b.id = 9;
    const net = newNetwork(a, BLACK_HOLE, b);
    expect([a.id, b.id]).toEqual([1, 3]);
    expect(net.ids()).toEqual([1, 2, 3]);
    expect(net.peers.get(2)).toBe(BLACK_HOLE);
    expect(net.storage.size).toBe(0);
  });

  test("leaves messages queued in a node that does not receive anything", () => {
    const n1 = new Fake();
    const n2 = new Fake();
    const net = newNetwork(n1, n2);
    n2.msgs.push(m(2, 1, APP, 5)); // as if a test ticked n2 directly
    net.send(m(2, 1, APP, 1));
    expect(n1.received.map((x) => x.index)).toEqual([1]);
    expect(n2.msgs).toHaveLength(1);
    net.send(m(1, 2, RESP, 0));
    expect(n2.msgs).toHaveLength(0);
    expect(n1.received.map((x) => x.index)).toEqual([1, 5]);
  });

  test("does not filter the messages given to send", () => {
    const n1 = new Fake();
    const n2 = new Fake((_s, x) => [m(2, 1, RESP, x.index)]);
    const net = newNetwork(n1, n2);
    net.isolate(2);
    net.ignore(APP);
    net.send(msg({ msgType: MessageType.MsgHup, from: 2, to: 2 }), m(1, 2, APP, 4));
    expect(n2.received.map((x) => x.msgType)).toEqual([MessageType.MsgHup, APP]);
    expect(n1.received).toHaveLength(0); // the answers were dropped by the isolation
  });

  test("a black hole swallows everything and answers nothing", () => {
    const n1 = new Fake();
    const net = newNetwork(n1, BLACK_HOLE);
    net.send(m(1, 2), m(1, 2, RESP));
    expect(n1.received).toHaveLength(0);
    expect(readMessages(BLACK_HOLE)).toEqual([]);
    expect(net.delivered).toBe(2);
  });

  test("fails clearly on a message for a node outside the network", () => {
    const net = newNetwork(new Fake((_s, x) => [m(1, 4, RESP, x.index)]), new Fake());
    expect(() => net.send(m(2, 1))).toThrow(GradeFailure);
    expect(() => net.send(m(2, 1))).toThrow(
      /addressed to node 4, which is not in this network \(nodes 1, 2\)/,
    );
    expect(() => net.send(m(1, 0))).toThrow(/addressed to node 0/);
  });

  test("fails on an outgoing MsgHup, unless MsgHup is ignored", () => {
    const hupper = () => new Fake(() => [msg({ msgType: MessageType.MsgHup, from: 1, to: 2 })]);
    const net = newNetwork(hupper(), new Fake());
    expect(() => net.send(m(2, 1))).toThrow(/MsgHup is a local message/);
    const quiet = newNetwork(hupper(), new Fake());
    quiet.ignore(MessageType.MsgHup);
    expect(() => quiet.send(m(2, 1))).not.toThrow();
  });

  test("gives up after maxDeliveries with a livelock message", () => {
    const ping = new Fake((s, x) => [m(s.id, x.from, APP, x.index + 1)]);
    const pong = new Fake((s, x) => [m(s.id, x.from, APP, x.index + 1)]);
    const net = newNetwork(ping, pong);
    net.maxDeliveries = 50;
    expect(() => net.send(m(2, 1))).toThrow(/gave up after 50 deliveries: possible livelock or term-0 bug/);
    expect(ping.received.length + pong.received.length).toBe(50);
  });

  test("a long run keeps FIFO order across queue compaction", () => {
    let next = 0;
    const seen: number[] = [];
    // n1 emits two messages per delivery until 10,000 have been made; n2 only records.
    const n1 = new Fake((s, x) => {
      seen.push(x.index);
      const out: Message[] = [];
      for (let k = 0; k < 2 && next < 10_000; k++) out.push(m(1, k === 0 ? 1 : 2, APP, ++next));
      return out;
    });
    const n2 = new Fake();
    const net = newNetwork(n1, n2);
    net.send(m(2, 1, APP, 0));
    const toN1 = seen.slice(1);
    expect(toN1).toEqual([...toN1].sort((a, b) => a - b));
    expect(n2.received.map((x) => x.index)).toEqual(n2.received.map((x) => x.index).sort((a, b) => a - b));
    expect(toN1.length + n2.received.length).toBe(10_000);
  });
});

describe("Network filters", () => {
  function pair() {
    const n1 = new Fake((_s, x) => (x.from === 0 ? [m(1, 2, APP), m(1, 3, APP), m(1, 2, RESP)] : []));
    const n2 = new Fake();
    const n3 = new Fake();
    return { n1, n2, n3, net: newNetwork(n1, n2, n3) };
  }

  test("drop and cut apply to their links only; recover clears them", () => {
    const { n2, n3, net } = pair();
    net.drop(1, 2, 1);
    net.send(m(0, 1));
    expect(n2.received).toHaveLength(0);
    expect(n3.received).toHaveLength(1);
    net.recover();
    net.cut(3, 1);
    net.send(m(0, 1));
    expect(n2.received).toHaveLength(2);
    expect(n3.received).toHaveLength(1);
  });

  test("isolate cuts both directions between the node and every other node", () => {
    const { net } = pair();
    net.isolate(2);
    for (const other of [1, 3]) {
      expect(net.dropm.get(`2->${other}`)).toBeGreaterThanOrEqual(1);
      expect(net.dropm.get(`${other}->2`)).toBeGreaterThanOrEqual(1);
    }
    expect(net.dropm.has("1->3")).toBe(false);
  });

  test("ignore drops a type on every link until recover", () => {
    const { n2, n3, net } = pair();
    net.ignore(APP);
    net.send(m(0, 1));
    expect(n2.received.map((x) => x.msgType)).toEqual([RESP]);
    expect(n3.received).toHaveLength(0);
    net.recover();
    net.send(m(0, 1));
    expect(n3.received).toHaveLength(1);
  });

  test("msgHook sees only what the other filters let through, and survives recover", () => {
    const { n2, n3, net } = pair();
    const hooked: string[] = [];
    net.msgHook = (x) => {
      hooked.push(`${x.from}→${x.to}`);
      return x.to !== 3;
    };
    net.cut(1, 2);
    net.send(m(0, 1));
    expect(hooked).toEqual(["1→3"]);
    expect(n3.received).toHaveLength(0);
    net.recover();
    net.send(m(0, 1));
    expect(hooked).toEqual(["1→3", "1→2", "1→3", "1→2"]);
    expect(n2.received).toHaveLength(2);
  });

  test("random drops use the network's seeded Rng, independent of Math.random", () => {
    const run = (seed: number, mathRandomCalls: number) => {
      const net = new Network(new Rng(seed));
      net.drop(1, 2, 0.5);
      const out: number[] = [];
      for (let i = 0; i < 2000; i++) {
        // The implementation under test may call Math.random at any time; the drops must not change.
        for (let k = 0; k < mathRandomCalls; k++) Math.random();
        out.push(...net.filter([m(1, 2, APP, i)]).map((x) => x.index));
      }
      return out;
    };
    const a = run(42, 0);
    expect(run(42, 3)).toEqual(a);
    expect(run(43, 0)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(850);
    expect(a.length).toBeLessThan(1150);
  });

  test("p = 0 never drops and p >= 1 always drops without drawing randomness", () => {
    const rng = new Rng(5);
    const net = new Network(rng);
    net.drop(1, 2, 0);
    net.drop(2, 1, 1);
    const before = new Rng(5).next();
    expect(net.filter([m(1, 2), m(2, 1)]).map((x) => x.to)).toEqual([2]);
    expect(rng.next()).toBe(before); // nothing was drawn
  });

  test("drop rejects a negative or non-numeric probability", () => {
    const net = new Network(new Rng(1));
    expect(() => net.drop(1, 2, -0.1)).toThrow(RangeError);
    expect(() => net.drop(1, 2, Number.NaN)).toThrow(RangeError);
  });

  test("raft() refuses a black hole or a missing id", () => {
    const net = newNetwork(new Fake(), BLACK_HOLE);
    expect(() => net.raft(2)).toThrow(/black hole/);
    expect(() => net.raft(3)).toThrow(/not in/);
  });
});
